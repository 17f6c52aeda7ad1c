# "= null" is the argument left out: the defaults are planned (Terraform: null means omitted).
args: plan -refresh=false -no-color
--- main.cl
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = null
  enable_dns_support               = null
}
--- stdout*
      + assign_generated_ipv6_cidr_block = false
      + cidr_block                       = "10.0.0.0/16"
      + default_network_acl_id           = (known after apply)
      + default_route_table_id           = (known after apply)
      + default_security_group_id        = (known after apply)
      + enable_dns_hostnames             = (known after apply)
      + enable_dns_support               = true
