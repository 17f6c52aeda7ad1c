# The reference system: a VPC with public and private subnets in three zones
# and a NAT instance, a classic ELB in the public subnets, and an auto scaling
# group in the private ones.  A new AMI rolls out with zero downtime:
#
#   clicamosc apply -var ami=ami-0abc...      # first deployment
#   clicamosc apply -var ami=ami-0def...      # new LC + group, InService, then the old go

variable "ami" {
  description = "The application image, e.g. built by packer"
  type        = string
}

variable "region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region = var.region
}

network "main" {
  cidr_block = "172.31.0.0/16"
  zones      = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

security_group "elb" {
  vpc_id = network.main.vpc_id

  ingress {
    port     = 80
    protocol = "tcp"
  }
}

security_group "app" {
  vpc_id = network.main.vpc_id

  ingress {
    port            = 80
    protocol        = "tcp"
    cidr_blocks     = []
    security_groups = [security_group.elb.id]
  }
}

elb "app" {
  subnets         = network.main.public_subnet_ids
  security_groups = [security_group.elb.id]

  listener {
    port          = 80
    instance_port = 80
    protocol      = "http"
  }

  health_check {
    target              = "HTTP:80/"
    healthy_threshold   = 3
    unhealthy_threshold = 2
    timeout             = 10
    interval            = 30
  }

  idle_timeout = 60
  tags = {
    Project = "clicamos"
  }
}

asg "app" {
  ami                       = var.ami
  instance_type             = "t2.micro"
  subnets                   = network.main.private_subnet_ids
  security_groups           = [security_group.app.id, network.main.internal_security_group_id]
  user_data                 = file("${path.module}/user-data.sh")
  load_balancers            = [elb.app.name]
  min_size                  = 1
  max_size                  = 2
  desired_capacity          = 2
  health_check_type         = "ELB"
  health_check_grace_period = 300
  wait_for_elb_capacity     = 1
  create_before_destroy     = true # new LC + group first; old removed once the new is InService
  tags = {
    Project = "clicamos"
  }
}

output "asg_name" {
  value = asg.app.name
}

output "elb_dns_name" {
  value = elb.app.dns_name
}
