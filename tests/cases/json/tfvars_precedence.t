# Variables files in JSON take Terraform's precedence: terraform.tfvars, then
# terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json in
# lexical order, then -var-file (a .json one too) and -var in order.
args: console -var-file=last.json
--- main.tf
variable "a" {}
variable "b" {}
variable "c" {}
variable "d" {}
variable "e" { type = map(number) }
--- terraform.tfvars
a = "tfvars"
b = "tfvars"
c = "tfvars"
d = "tfvars"
--- terraform.tfvars.json
{ "a": "tfvars.json", "b": "tfvars.json", "c": "tfvars.json", "d": "tfvars.json" }
--- x.auto.tfvars.json
{ "b": "x.auto.tfvars.json", "c": "x.auto.tfvars.json", "d": "x.auto.tfvars.json" }
--- y.auto.tfvars
c = "y.auto.tfvars"
d = "y.auto.tfvars"
--- last.json
{ "//": "comments are not variables", "d": "last.json", "e": { "one": 1, "two": 2.5 } }
--- stdin
[var.a, var.b, var.c, var.d, var.e]
--- stdout
[
  "tfvars.json",
  "x.auto.tfvars.json",
  "y.auto.tfvars",
  "last.json",
  tomap({
    "one" = 1
    "two" = 2.5
  }),
]
