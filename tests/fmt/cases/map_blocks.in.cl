resource "aws_instance" "web" {
  ami = "ami-1"
  tags {
    Name = "web"
    Role = "app"
  }
  volume_tags { Name = "vol" }
}
resource "aws_lambda_function" "f" {
  environment {
    variables {
      STAGE = "prod"
      DEBUG = "0"
    }
  }
}
resource "null_resource" "n" {
  triggers {
    ami = "${var.ami}"
  }
}
resource "x" "y" {
  tags {
    inner {
      a = 1
    }
  }
}
tags {
  a = 1
}
