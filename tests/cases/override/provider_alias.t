# Provider blocks are told apart by their alias too: an override of an
# alias no provider block has is an error, not a change to another block.
args: validate -no-color
exit: 1
--- main.tf
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
--- override.tf
provider "aws" {
  alias  = "west"
  region = "us-west-1"
}

provider "aws" {
  alias  = "east2"
  region = "us-east-2"
}
--- stderr
override.tf:6:1: error: there is no provider "aws" (alias "east2") block to override
 6 | provider "aws" {
   | ^~~~~~~~
  hint: an override file changes blocks the module's other files declare (the same type and labels); declare it there, or name this file without "override"
