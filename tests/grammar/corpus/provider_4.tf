terraform {
  required_version = ">= 1.3.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source = "hashicorp/random"
    }
  }

  backend "s3" {
    bucket         = "tfstate-qa"
    key            = "network/terraform.tfstate"
    region         = "eu-central-1"
    dynamodb_table = "tf-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = "eu-central-1"
  default_tags {
    tags = {
      Project = "clicamos"
    }
  }
}

provider "aws" {
  alias  = "secondary"
  region = "ap-southeast-2"
  assume_role {
    role_arn = "arn:aws:iam::123456789003:role/deploy"
  }
}
