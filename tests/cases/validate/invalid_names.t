# issue 20 finding 3: a name that has no address is refused at load (it
# used to pass validate, and apply then created an object it could not record)
args: validate
exit: 1
--- main.cl
resource "aws_vpc" "a b" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc" "ok-name_2" {
  cidr_block = "10.1.0.0/16"
}
variable "1x" {}
output "o.k" { value = 1 }
module "m/x" { source = "./m" }
data "aws ami" "ok" {}
--- m/main.cl
--- stderr
main.cl:1:20: error: invalid resource name
 1 | resource "aws_vpc" "a b" {
   |                    ^~~~~
  hint: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes
main.cl:7:10: error: invalid variable name
 7 | variable "1x" {}
   |          ^~~~
  hint: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes
main.cl:8:8: error: invalid output name
 8 | output "o.k" { value = 1 }
   |        ^~~~~
  hint: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes
main.cl:9:8: error: invalid module name
 9 | module "m/x" { source = "./m" }
   |        ^~~~~
  hint: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes
main.cl:10:6: error: invalid data source type name
 10 | data "aws ami" "ok" {}
    |      ^~~~~~~~~
  hint: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes
