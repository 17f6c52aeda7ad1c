# data "terraform_remote_state" with the local backend: the state file's root
# outputs over defaults, sensitive ones still marked; read with no AWS at all.
args: console
--- main.cl
data "terraform_remote_state" "net" {
  backend = "local"
  config = {
    path = "net/terraform.tfstate"
  }
  defaults = {
    region = "us-east-1"
    vpc_id = "vpc-default"
  }
}
--- net/terraform.tfstate
{
  "version": 4,
  "terraform_version": "1.5.0",
  "serial": 7,
  "lineage": "0b5e0c7e-5a43-4c4e-9d7a-3f1e2b8c9d10",
  "outputs": {
    "vpc_id": { "value": "vpc-0a1b2c", "type": "string" },
    "public_subnet_ids": { "value": ["subnet-01", "subnet-02"], "type": ["list", "string"] },
    "db_password": { "value": "hunter2", "type": "string", "sensitive": true }
  },
  "resources": []
}
--- stdin
data.terraform_remote_state.net.outputs
data.terraform_remote_state.net.outputs.vpc_id
data.terraform_remote_state.net.outputs.public_subnet_ids[1]
data.terraform_remote_state.net.outputs.region
data.terraform_remote_state.net.outputs.db_password
data.terraform_remote_state.net.workspace
--- stdout
{
  "db_password" = (sensitive value)
  "public_subnet_ids" = [
    "subnet-01",
    "subnet-02",
  ]
  "region" = "us-east-1"
  "vpc_id" = "vpc-0a1b2c"
}
"vpc-0a1b2c"
"subnet-02"
"us-east-1"
(sensitive value)
"default"
--- stderr
