terraform {
  required_version = ">= 1.1.0"

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
    bucket         = "tfstate-staging"
    key            = "network/terraform.tfstate"
    region         = "us-west-2"
    dynamodb_table = "tf-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = "us-west-2"
  default_tags {
    tags = {
      Project = "clicamos"
    }
  }
}

provider "aws" {
  alias  = "secondary"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::123456789001:role/deploy"
  }
}
