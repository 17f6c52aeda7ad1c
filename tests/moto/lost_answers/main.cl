# The configuration of test_moto_lost_answers.py: one resource of every
# supported type, each made by one create call that the test loses.

provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.1.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "web" {
  name   = "lost-answers-web"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_key_pair" "deploy" {
  key_name   = "lost-answers-deploy"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDhiMWJzDw6dEotc7WdJriuqiJSOiDHWyOA287lOOcku lost-answers"
}

resource "aws_instance" "bastion" {
  ami                    = "ami-0moto000000000001"
  instance_type          = "t2.micro"
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.web.id]
  key_name               = aws_key_pair.deploy.key_name
}

resource "aws_eip" "bastion" {
  instance = aws_instance.bastion.id
}

resource "aws_elb" "web" {
  name            = "lost-answers-web"
  subnets         = [aws_subnet.public.id]
  security_groups = [aws_security_group.web.id]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 80
    instance_protocol = "http"
  }
}

resource "aws_launch_configuration" "web" {
  name_prefix                 = "lost-answers-"
  image_id                    = "ami-0moto000000000001"
  instance_type               = "t2.micro"
  security_groups             = [aws_security_group.web.id]
  associate_public_ip_address = false
}

resource "aws_autoscaling_group" "web" {
  name                 = "lost-answers-web"
  launch_configuration = aws_launch_configuration.web.name
  vpc_zone_identifier  = [aws_subnet.public.id]
  load_balancers       = [aws_elb.web.name]
  min_size             = 1
  max_size             = 1
  desired_capacity     = 1
}

resource "aws_launch_template" "web" {
  name_prefix            = "lost-answers-"
  image_id               = "ami-0moto000000000001"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.web.id]
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}

resource "aws_vpc_security_group_egress_rule" "web" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
