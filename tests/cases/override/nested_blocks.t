# A nested block type in an override replaces all the original's blocks of
# that type whole (two ingress blocks become one, and its cidr_blocks is not
# merged with theirs); block types it does not name stay (egress).
args: plan -refresh=false -no-color
--- main.tf
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
--- override.tf
resource "aws_security_group" "web" {
  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
  }
}
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

      + egress {
          + cidr_blocks = [
              + "0.0.0.0/0",
            ]
          + from_port   = 0
          + protocol    = "-1"
          + self        = false
          + to_port     = 0
        }

      + ingress {
          + from_port = 443
          + protocol  = "tcp"
          + self      = false
          + to_port   = 443
        }
    }

Plan: 1 to add, 0 to change, 0 to destroy.
