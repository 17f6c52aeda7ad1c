# A tag changed: updated in place; -detailed-exitcode says 2.
args: plan -refresh=false -no-color -detailed-exitcode
exit: 2
--- main.cl
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "main"
    Team = "ops"
  }
}
--- clicamosc.tfstate
{"version":4,"terraform_version":"1.5.0","serial":3,"lineage":"6c2b1f5e-0d6a-4a55-9b7e-3f1a2c4d5e6f","outputs":{},"resources":[{"mode":"managed","type":"aws_vpc","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"vpc-0a1","arn":"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1","cidr_block":"10.0.0.0/16","enable_dns_support":true,"enable_dns_hostnames":true,"instance_tenancy":"default","assign_generated_ipv6_cidr_block":false,"tags":{"Name":"main"},"tags_all":{"Name":"main"},"main_route_table_id":"rtb-0m","default_security_group_id":"sg-0d","owner_id":"123456789012"}}]}]}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  ~ update in-place

clicamosc will perform the following actions:

  # aws_vpc.main will be updated in-place
  ~ resource "aws_vpc" "main" {
        id                               = "vpc-0a1"
      ~ tags                             = {
            "Name" = "main"
          + "Team" = "ops"
        }
        # (10 unchanged attributes hidden)
    }

Plan: 0 to add, 1 to change, 0 to destroy.
--- stderr
