resource "aws_elb" "app" {
  name            = "clicamos-app"
  subnets         = split(",", module.network.public_subnet_ids)
  security_groups = [aws_security_group.elb.id]

  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }

  health_check {
    healthy_threshold   = 3
    unhealthy_threshold = 2
    timeout             = 10
    target              = "HTTP:80/"
    interval            = 30
  }

  cross_zone_load_balancing = true
  idle_timeout              = 60

  tags = {
    Name = "clicamos-app"
  }
}

resource "aws_launch_configuration" "app" {
  name_prefix     = "clicamos-app-"
  image_id        = var.ami
  instance_type   = "t2.micro"
  security_groups = [aws_security_group.app.id, module.network.default_security_group_id]
  user_data       = file("${path.module}/user_data/app.sh")

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_autoscaling_group" "app" {
  name                      = "${aws_launch_configuration.app.name}-asg"
  launch_configuration      = aws_launch_configuration.app.name
  vpc_zone_identifier       = split(",", module.network.private_subnet_ids)
  load_balancers            = [aws_elb.app.name]
  min_size                  = 1
  max_size                  = 2
  desired_capacity          = 2
  health_check_type         = "ELB"
  health_check_grace_period = 300
  wait_for_elb_capacity     = 1

  tag {
    key                 = "Name"
    value               = "clicamos-app"
    propagate_at_launch = true
  }

  lifecycle {
    create_before_destroy = true
  }
}
