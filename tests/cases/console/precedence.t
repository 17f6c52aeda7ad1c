# Variable values, lowest precedence first: default, TF_VAR_, CL_VAR_,
# terraform.tfvars, *.auto.tfvars, *.clvars, then -var-file and -var in
# command-line order.  Each variable below is last set by a different source.
args: console -var-file=c.tfvars -var e=from-var -var-file=d.tfvars -var f=from-var
env: TF_VAR_a=from-tf-env TF_VAR_b=from-tf-env CL_VAR_b=from-cl-env TF_VAR_c=from-tf-env TF_VAR_f=from-tf-env
--- main.cl
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "g" { default = "default" }
variable "h" { default = "default" }
variable "list" {
  type    = list(number)
  default = []
}
--- terraform.tfvars
c = "from-tfvars"
d = "from-tfvars"
g = "from-tfvars"
h = "from-tfvars"
--- x.auto.tfvars
g = "from-auto-tfvars"
h = "from-auto-tfvars"
--- y.clvars
h = "from-clvars"
list = [1, 2, 3]
--- c.tfvars
c = "from-var-file-1"
e = "from-var-file-1"
--- d.tfvars
d = "from-var-file-2"
e = "from-var-file-2"
--- stdin
[var.a, var.b, var.c, var.d, var.e, var.f, var.g, var.h]
var.list
--- stdout
[
  "from-tf-env",
  "from-cl-env",
  "from-var-file-1",
  "from-var-file-2",
  "from-var-file-2",
  "from-var",
  "from-auto-tfvars",
  "from-clvars",
]
tolist([
  1,
  2,
  3,
])
