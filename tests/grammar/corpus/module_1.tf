module "network" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 3.0"

  name            = "dev"
  cidr            = "10.20.0.0/16"
  azs             = ["a", "b", "c"]
  private_subnets = [for n in range(3) : cidrsubnet("10.20.0.0/16", 8, n)]
  public_subnets  = [for n in range(3) : cidrsubnet("10.20.0.0/16", 8, n + 100)]

  enable_nat_gateway = false
  single_nat_gateway = true

  tags = local.common_tags
}

module "web" {
  source = "./modules/web"
  count  = var.enable_web ? 1 : 0

  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnets
  providers = {
    aws = aws.us_east_1
  }
  depends_on = [module.network]
}

locals {
  common_tags = {
    Environment = "dev"
    ManagedBy   = "clicamosc"
    Team        = var.team
  }
}

output "web_url" {
  value = var.enable_web ? "http://${module.web[0].dns_name}" : null
}
