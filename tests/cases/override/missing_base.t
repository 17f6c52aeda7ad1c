# An override block must have an original with the same type and labels;
# so must an overridden local.  depends_on cannot be overridden.
args: validate -no-color
exit: 1
--- main.tf
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
locals {
  a = 1
}
--- override.tf
resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_vpc" "main" {
  depends_on = [aws_vpc.other]
}
locals {
  b = 2
}
--- stderr
override.tf:1:1: error: there is no resource "aws_vpc" "other" block to override
 1 | resource "aws_vpc" "other" {
   | ^~~~~~~~
  hint: an override file changes blocks the module's other files declare (the same type and labels); declare it there, or name this file without "override"
override.tf:5:3: error: depends_on cannot be overridden
 5 |   depends_on = [aws_vpc.other]
   |   ^~~~~~~~~~
  hint: as in Terraform, set depends_on in the original resource "aws_vpc" "main" block
override.tf:8:3: error: there is no local value "b" to override
 8 |   b = 2
   |   ^
  hint: an override file changes what the module's other files declare; declare local.b in a locals block of one of them
