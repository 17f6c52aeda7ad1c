# Terraform 0.11 forms read as 0.11 read them, each with a warning naming
# the modern form: ["${var.list}"] is the list, count = "${var.enabled}"
# with a boolean is 1 or 0, and an attribute of a counted resource is its
# first instance's.
args: plan -no-color main.tf
exit: 0
--- main.tf
variable "list" {
  default = ["a", "b"]
}

variable "enabled" {
  default = true
}

resource "terraform_data" "x" {
  count = "${var.enabled}"
  input = "in"
}

output "o" {
  value = ["${var.list}"]
}

output "first" {
  value = "${terraform_data.x.input}"
}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

clicamosc will perform the following actions:

  # terraform_data.x[0] will be created
  + resource "terraform_data" "x" {
      + id     = (known after apply)
      + input  = "in"
      + output = (known after apply)
    }

Plan: 1 to add, 0 to change, 0 to destroy.

Changes to Outputs:
  + first = "in"
  + o     = [
      + "a",
      + "b",
    ]
--- stderr
main.tf:15:11: warning: ["${...}"] around a list is that list, as Terraform 0.11 read it
 15 |   value = ["${var.list}"]
    |           ^~~~~~~~~~~~~~~
  hint: write the list itself, without brackets and quotes (clicamosc fmt -upgrade does it where it can tell)
main.tf:10:11: warning: count is a boolean: read as 1, as Terraform 0.11 did
 10 |   count = "${var.enabled}"
    |           ^~~~~~~~~~~~~~~~
  hint: write count = <condition> ? 1 : 0 (Terraform 0.12 and later refuse a boolean)
main.tf:19:31: warning: terraform_data.x has count: read as terraform_data.x[0].input, as Terraform 0.11 did
 19 |   value = "${terraform_data.x.input}"
    |                               ^~~~~
  hint: write the index ([0]), or a splat ([*]) for every instance
