terraform {}
provider "aws" { region = "us-east-1" }
resource "null_resource" "x" {}
locals { a = 1 }
