variable "ami" {
  type        = string
  description = "Image for the web servers"
}

resource "aws_launch_configuration" "web" {
  name_prefix     = "sandbox-web-"
  image_id        = var.ami
  instance_type   = "c5.xlarge"
  security_groups = [aws_security_group.app.id, aws_security_group.default.id]
  user_data       = file("${path.module}/user_data.sh")

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_autoscaling_group" "web" {
  name                      = "${aws_launch_configuration.web.name}-asg"
  launch_configuration      = aws_launch_configuration.web.name
  vpc_zone_identifier       = aws_subnet.private.*.id
  load_balancers            = [aws_elb.web.name]
  min_size                  = 1
  max_size                  = 6
  desired_capacity          = 2
  health_check_type         = "ELB"
  health_check_grace_period = 300
  wait_for_elb_capacity     = 1

  dynamic "tag" {
    for_each = merge(var.tags, { Name = "sandbox-web" })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [desired_capacity]
  }
}
