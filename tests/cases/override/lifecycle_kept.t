# lifecycle is merged argument by argument (2): the original's
# create_before_destroy survives an override that sets another lifecycle
# argument (replaced whole, it would be lost and the plan say -/+).
args: plan -refresh=false -no-color
--- main.tf
resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
  lifecycle {
    create_before_destroy = true
  }
}
--- vpc_override.tf
resource "aws_vpc" "main" {
  lifecycle {
    prevent_destroy = false
  }
}
--- clicamosc.tfstate
{"version":4,"terraform_version":"1.5.0","serial":3,"lineage":"6c2b1f5e-0d6a-4a55-9b7e-3f1a2c4d5e6f","outputs":{},"resources":[{"mode":"managed","type":"aws_vpc","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"vpc-0a1","arn":"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1","cidr_block":"10.0.0.0/16","enable_dns_support":true,"enable_dns_hostnames":false,"instance_tenancy":"default","assign_generated_ipv6_cidr_block":false,"tags":{},"tags_all":{},"main_route_table_id":"rtb-0m","default_security_group_id":"sg-0d","owner_id":"123456789012"}}]}]}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
+/- create replacement and then destroy

clicamosc will perform the following actions:

  # aws_vpc.main must be replaced
+/- resource "aws_vpc" "main" {
      ~ arn                              = "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1" -> (known after apply)
      ~ cidr_block                       = "10.0.0.0/16" -> "10.1.0.0/16" # forces replacement
      + default_network_acl_id           = (known after apply)
      + default_route_table_id           = (known after apply)
      ~ default_security_group_id        = "sg-0d" -> (known after apply)
      ~ enable_dns_hostnames             = false -> (known after apply)
      ~ id                               = "vpc-0a1" -> (known after apply)
      + ipv6_cidr_block                  = (known after apply)
      ~ main_route_table_id              = "rtb-0m" -> (known after apply)
      ~ owner_id                         = "123456789012" -> (known after apply)
      - tags                             = {} -> null
      ~ tags_all                         = {} -> (known after apply)
        # (3 unchanged attributes hidden)
    }

Plan: 1 to add, 0 to change, 1 to destroy.
