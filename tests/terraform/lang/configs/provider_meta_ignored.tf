terraform {
  provider_meta "aws" {
    module_name = "x"
  }
}
output "x" { value = 1 }
