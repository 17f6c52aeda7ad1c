# A directory of main.tf and main.tf.json plans the union of both; the JSON
# file uses "//" comments, templates in strings, block nesting by label,
# an array for repeated nested blocks, and expression-mode strings
# (type, depends_on, ignore_changes).
args: plan -refresh=false -no-color
--- main.tf
variable "cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = var.cidr
}
--- main.tf.json
{
  "//": "generated; a comment at the top level",
  "variable": {
    "azs": { "type": "list(string)", "default": ["us-east-1a", "us-east-1b"] }
  },
  "locals": { "//": "and one in a body", "prefix": "net-${var.cidr}" },
  "resource": {
    "aws_subnet": {
      "public": {
        "count": "${length(var.azs)}",
        "vpc_id": "${aws_vpc.main.id}",
        "availability_zone": "${var.azs[count.index]}",
        "cidr_block": "${cidrsubnet(var.cidr, 8, count.index)}",
        "tags": { "Name": "${local.prefix}-\"${count.index}\"", "Literal": "$${not} %%{interpolated}" },
        "depends_on": ["aws_vpc.main"],
        "lifecycle": { "ignore_changes": ["tags"] }
      }
    },
    "aws_security_group": {
      "web": {
        "name": "web",
        "vpc_id": "${aws_vpc.main.id}",
        "ingress": [
          { "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"] },
          { "from_port": 80, "to_port": 80, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"] }
        ]
      }
    }
  },
  "output": { "subnets": { "value": "${aws_subnet.public[*].cidr_block}" } }
}
--- terraform.tfvars.json
{ "cidr": "10.1.0.0/16" }
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

clicamosc will perform the following actions:

  # aws_security_group.web will be created
  + resource "aws_security_group" "web" {
      + arn                    = (known after apply)
      + description            = "Managed by Terraform"
      + id                     = (known after apply)
      + name                   = "web"
      + name_prefix            = (known after apply)
      + owner_id               = (known after apply)
      + revoke_rules_on_delete = false
      + tags_all               = (known after apply)
      + vpc_id                 = (known after apply)

      + egress (known after apply)

      + ingress {
          + cidr_blocks = [
              + "0.0.0.0/0",
            ]
          + from_port   = 80
          + protocol    = "tcp"
          + self        = false
          + to_port     = 80
        }
      + ingress {
          + cidr_blocks = [
              + "10.0.0.0/8",
            ]
          + from_port   = 22
          + protocol    = "tcp"
          + self        = false
          + to_port     = 22
        }
    }

  # aws_subnet.public[0] will be created
  + resource "aws_subnet" "public" {
      + arn                             = (known after apply)
      + assign_ipv6_address_on_creation = false
      + availability_zone               = "us-east-1a"
      + availability_zone_id            = (known after apply)
      + cidr_block                      = "10.1.0.0/24"
      + id                              = (known after apply)
      + ipv6_cidr_block                 = (known after apply)
      + map_public_ip_on_launch         = false
      + owner_id                        = (known after apply)
      + tags                            = {
          + "Literal" = "${not} %{interpolated}"
          + "Name"    = "net-10.1.0.0/16-\"0\""
        }
      + tags_all                        = (known after apply)
      + vpc_id                          = (known after apply)
    }

  # aws_subnet.public[1] will be created
  + resource "aws_subnet" "public" {
      + arn                             = (known after apply)
      + assign_ipv6_address_on_creation = false
      + availability_zone               = "us-east-1b"
      + availability_zone_id            = (known after apply)
      + cidr_block                      = "10.1.1.0/24"
      + id                              = (known after apply)
      + ipv6_cidr_block                 = (known after apply)
      + map_public_ip_on_launch         = false
      + owner_id                        = (known after apply)
      + tags                            = {
          + "Literal" = "${not} %{interpolated}"
          + "Name"    = "net-10.1.0.0/16-\"1\""
        }
      + tags_all                        = (known after apply)
      + vpc_id                          = (known after apply)
    }

  # aws_vpc.main will be created
  + resource "aws_vpc" "main" {
      + arn                              = (known after apply)
      + assign_generated_ipv6_cidr_block = false
      + cidr_block                       = "10.1.0.0/16"
      + default_network_acl_id           = (known after apply)
      + default_route_table_id           = (known after apply)
      + default_security_group_id        = (known after apply)
      + enable_dns_hostnames             = (known after apply)
      + enable_dns_support               = true
      + id                               = (known after apply)
      + instance_tenancy                 = "default"
      + ipv6_cidr_block                  = (known after apply)
      + main_route_table_id              = (known after apply)
      + owner_id                         = (known after apply)
      + tags_all                         = (known after apply)
    }

Plan: 4 to add, 0 to change, 0 to destroy.

Changes to Outputs:
  + subnets = [
      + "10.1.0.0/24",
      + "10.1.1.0/24",
    ]
