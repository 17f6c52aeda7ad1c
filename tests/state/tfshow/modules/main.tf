terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
    ec2 = "http://127.0.0.1:45123"
  }
}
variable "secret_name" {
  type      = string
  default   = "hush"
  sensitive = true
}
data "aws_availability_zones" "here" {}
resource "aws_vpc" "main" {
  cidr_block = "10.4.0.0/16"
  tags = {
    Name = var.secret_name
    Team = "web"
  }
}
module "net" {
  source = "./modules/net"
  vpc_id = aws_vpc.main.id
  zones  = { a = "10.4.1.0/24", b = "10.4.2.0/24" }
}
output "zones" {
  value = data.aws_availability_zones.here.names
}
output "hidden" {
  value     = var.secret_name
  sensitive = true
}
