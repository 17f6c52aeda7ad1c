# Terraform 0.11's terraform_remote_state: the backend settings in a config
# block, and the outputs read as the data source's own attributes (no
# .outputs); each form with a warning naming the modern one.
args: plan -no-color main.tf
exit: 0
--- main.tf
data "terraform_remote_state" "net" {
  backend = "local"

  config {
    path = "net/terraform.tfstate"
  }
}

resource "terraform_data" "app" {
  input = "${data.terraform_remote_state.net.vpc_id}"
}

output "subnets" {
  value = "${data.terraform_remote_state.net.public_subnet_ids}"
}
--- net/terraform.tfstate
{
  "version": 4,
  "terraform_version": "0.11.14",
  "serial": 3,
  "lineage": "0b5e0c7e-5a43-4c4e-9d7a-3f1e2b8c9d11",
  "outputs": {
    "vpc_id": { "value": "vpc-0a1b2c", "type": "string" },
    "public_subnet_ids": { "value": ["subnet-01", "subnet-02"], "type": ["list", "string"] }
  },
  "resources": []
}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

clicamosc will perform the following actions:

  # terraform_data.app will be created
  + resource "terraform_data" "app" {
      + id     = (known after apply)
      + input  = "vpc-0a1b2c"
      + output = (known after apply)
    }

Plan: 1 to add, 0 to change, 0 to destroy.

Changes to Outputs:
  + subnets = [
      + "subnet-01",
      + "subnet-02",
    ]
--- stderr
main.tf:4:3: warning: "config" written as a block is deprecated
 4 |   config {
   |   ^~~~~~
  hint: write it as an argument: config = { ... }
main.tf:10:46: warning: an output of data.terraform_remote_state.net read without .outputs is deprecated (Terraform 0.11)
 10 |   input = "${data.terraform_remote_state.net.vpc_id}"
    |                                              ^~~~~~
  hint: write data.terraform_remote_state.net.outputs.vpc_id
main.tf:14:46: warning: an output of data.terraform_remote_state.net read without .outputs is deprecated (Terraform 0.11)
 14 |   value = "${data.terraform_remote_state.net.public_subnet_ids}"
    |                                              ^~~~~~~~~~~~~~~~~
  hint: write data.terraform_remote_state.net.outputs.public_subnet_ids
