terraform {
  required_version = ">= 1.0.0"

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
    bucket         = "tfstate-dev"
    key            = "network/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "tf-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project = "clicamos"
    }
  }
}

provider "aws" {
  alias  = "secondary"
  region = "us-west-2"
  assume_role {
    role_arn = "arn:aws:iam::123456789000:role/deploy"
  }
}
