# compute: security group rules of every kind, instances with every
# argument clicamosc supports, an image found by the aws_ami data source, a
# key pair, Elastic IPs on an instance (at a private address) and on a
# network interface, and a launch configuration with its block devices.
# What no type of ours makes (an instance profile, a managed prefix list, a
# snapshot) is made before the apply by prerequisites.py and comes in as
# variables.  monitoring = true and placement_group are left out: moto
# 5.2.1 has no MonitorInstances (the provider retries its 500 until it times
# out) and no placement groups.

variable "instance_profile" {}

variable "prefix_list" {}

variable "snapshot" {}

data "aws_ami" "ubuntu" {
  owners             = ["099720109477", "amazon"]
  most_recent        = true
  name_regex         = "^ubuntu/images/hvm-ssd/ubuntu-trusty-"
  executable_users   = ["all"]
  include_deprecated = true

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-*-amd64-server-*"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

resource "aws_vpc" "main" {
  cidr_block                       = "10.40.0.0/16"
  assign_generated_ipv6_cidr_block = true

  tags = {
    Name = "interop-compute"
  }
}

resource "aws_subnet" "web" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "lb" {
  name_prefix            = "interop-lb-"
  description            = "Web from anywhere, IPv4 and IPv6"
  vpc_id                 = aws_vpc.main.id
  revoke_rules_on_delete = true

  ingress {
    description      = "HTTP and HTTPS"
    from_port        = 80
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  # No description: moto 5.2.1 drops a prefix list entry's (AWS keeps it).
  egress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    prefix_list_ids = [var.prefix_list]
  }

  tags = {
    Name = "interop-lb"
  }
}

resource "aws_security_group" "web" {
  name        = "interop-web"
  description = "The web instances"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }

  ingress {
    description = "each other, every protocol"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  ingress {
    from_port   = 8
    to_port     = 0
    protocol    = "icmp"
    cidr_blocks = ["10.40.0.0/16", "192.168.0.0/24"]
  }

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [var.prefix_list]
  }

  ingress {
    from_port        = 53
    to_port          = 53
    protocol         = "udp"
    cidr_blocks      = ["10.40.0.0/16"]
    ipv6_cidr_blocks = [aws_vpc.main.ipv6_cidr_block]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    description     = "back to the load balancers"
    from_port       = 1024
    to_port         = 65535
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
    self            = true
  }
}

resource "aws_key_pair" "ops" {
  key_name   = "interop-ops"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC2kw2yUQhpWRwLjPyhCHIDthr0jVcD6pSZmKhecGNqi ops@clicamosc"
}

resource "aws_instance" "web" {
  ami                         = data.aws_ami.ubuntu.id
  instance_type               = "m5.large"
  subnet_id                   = aws_subnet.web.id
  vpc_security_group_ids      = [aws_security_group.web.id]
  key_name                    = aws_key_pair.ops.key_name
  iam_instance_profile        = var.instance_profile
  monitoring                  = false
  ebs_optimized               = true
  disable_api_termination     = false
  tenancy                     = "default"
  user_data                   = "#!/bin/sh\necho web\n"

  root_block_device {
    volume_size           = 20
    volume_type           = "gp3"
    delete_on_termination = true
    encrypted             = true
  }

  volume_tags = {
    Backup = "daily"
  }

  tags = {
    Name = "interop-web"
  }
}

# A public address asked for at launch, at a private address of its own.
# No security groups: moto 5.2.1 leaves an instance's groupSet empty when
# the groups come with a network interface specification (which the
# provider sends for associate_public_ip_address and private_ip), so
# vpc_security_group_ids would read back [] (AWS lists them there too).
resource "aws_instance" "edge" {
  ami                         = data.aws_ami.ubuntu.id
  instance_type               = "t3.nano"
  subnet_id                   = aws_subnet.web.id
  private_ip                  = "10.40.1.10"
  associate_public_ip_address = true
}

# In the default VPC, where security groups are named by name, in a zone
# where network makes no subnet: moto 5.2.1 makes a subnet created by
# availability_zone_id the default one of its zone (AWS never makes a
# subnet outside the default VPC a default), and launches an instance with
# no subnet there, outside the default VPC.
resource "aws_security_group" "default_vpc" {
  name        = "interop-default-vpc"
  description = "SSH, in the default VPC"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "worker" {
  ami               = data.aws_ami.ubuntu.id
  instance_type     = "t3.micro"
  availability_zone = "us-east-1d"
  security_groups   = [aws_security_group.default_vpc.name]
  user_data_base64  = base64encode("#!/bin/sh\necho worker\n")
}

resource "aws_eip" "edge" {
  domain                    = "vpc"
  instance                  = aws_instance.edge.id
  associate_with_private_ip = "10.40.1.10"

  depends_on = [aws_internet_gateway.gw]
}

resource "aws_eip" "worker" {
  vpc               = true
  network_interface = aws_instance.worker.primary_network_interface_id
}

# What the group's instances would get: the key, the profile and volumes.
resource "aws_launch_configuration" "workers" {
  name_prefix          = "interop-workers-"
  image_id             = data.aws_ami.ubuntu.id
  instance_type        = "t3.small"
  key_name             = aws_key_pair.ops.key_name
  iam_instance_profile = var.instance_profile
  security_groups      = [aws_security_group.web.id]

  root_block_device {
    volume_size           = 30
    volume_type           = "gp3"
    iops                  = 3000
    delete_on_termination = true
    encrypted             = true
  }

  ebs_block_device {
    device_name           = "/dev/sdf"
    volume_size           = 100
    volume_type           = "io1"
    iops                  = 1000
    delete_on_termination = false
    encrypted             = true
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    snapshot_id = var.snapshot
  }
}
