# The reference system in the seed's upstream layout: this root module, and
# its network module in a repository of its own, called as the seed calls it
# (github.com/fonsecas72/mod-network; ./mod-network is that repository's
# content).  `clicamosc init` installs it with git; the tests make that
# repository here and point git's github.com URLs at it (insteadOf).

variable "ami" {
  description = "The application image"
}

variable "region" {
  default = "us-east-1"
}

variable "azs" {
  type = map(string)
  default = {
    us-east-1 = "us-east-1a,us-east-1b,us-east-1c"
  }
}

provider "aws" {
  region = var.region
}

module "network" {
  source = "github.com/fonsecas72/mod-network?ref=v1.0.0"

  name       = "clicamos"
  cidr_block = "172.31.0.0/16"
  azs        = lookup(var.azs, var.region)
}
