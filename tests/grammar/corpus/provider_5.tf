terraform {
  required_version = ">= 1.4.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 4.0"
    }
    random = {
      source = "hashicorp/random"
    }
  }

  backend "s3" {
    bucket         = "tfstate-sandbox"
    key            = "network/terraform.tfstate"
    region         = "ap-southeast-2"
    dynamodb_table = "tf-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = "ap-southeast-2"
  default_tags {
    tags = {
      Project = "clicamos"
    }
  }
}

provider "aws" {
  alias  = "secondary"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::123456789004:role/deploy"
  }
}
