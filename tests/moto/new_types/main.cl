# The configuration of test_moto_new_types.py: one of each resource type
# and data source issue 18 adds on the provider side, against moto.  var.ami
# changes to plan a launch template's new version.

provider "aws" {
  region = "us-east-1"
}

variable "ami" {
  type = string
}

resource "aws_launch_template" "web" {
  name_prefix            = "web-"
  description            = "web servers"
  image_id               = var.ami
  instance_type          = "t3.micro"
  update_default_version = true
  user_data              = base64encode("#!/bin/sh\necho hello\n")
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      delete_on_termination = "true"
    }
  }
  iam_instance_profile {
    name = "web"
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
  network_interfaces {
    associate_public_ip_address = "true"
    device_index                = 0
  }
  monitoring {
    enabled = true
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "web"
    }
  }
  tags = {
    Team = "web"
  }
}

output "latest_version" {
  value = aws_launch_template.web.latest_version
}

output "default_version" {
  value = aws_launch_template.web.default_version
}
