# *.clvars are read when no *.auto.tfvars file is there (the two groups are
# listed one after the other; an empty first group must not end the search).
args: console
--- main.cl
variable "a" { default = "default" }
--- y.clvars
a = "from-clvars"
--- stdin
var.a
--- stdout
"from-clvars"
