# required_version: a 0.x-only constraint (a 0.11-era project) warns; one
# that needs a Terraform newer than the language clicamosc implements is
# Terraform's error; provider_meta (every terraform-aws-modules module has
# it) is accepted and ignored.
args: validate
exit: 1
--- main.cl
terraform {
  required_version = "~> 0.11.4"
  provider_meta "aws" {
    module_name = "vpc"
  }
}

module "m" {
  source = "./m"
}
--- m/main.cl
terraform {
  required_version = ">= 2.0, < 3.0"
}
--- stderr
main.cl:2:22: warning: required_version "~> 0.11.4" is met only by Terraform 0.x; clicamosc reads this configuration as Terraform 1.11.4 would
 2 |   required_version = "~> 0.11.4"
   |                      ^~~~~~~~~~~
m/main.cl:2:22: error: Unsupported Terraform Core version: this configuration does not support Terraform version 1.11.4
 2 |   required_version = ">= 2.0, < 3.0"
   |                      ^~~~~~~~~~~~~~~
  hint: clicamosc implements the Terraform 1.11.4 language; to proceed, change the required_version constraint (">= 2.0, < 3.0") or use a Terraform release that meets it
