# test_moto_new_types.py: a launch template whose user_data is not base64.
resource "aws_launch_template" "bad" {
  image_id  = "ami-0moto000000000001"
  user_data = "#!/bin/sh\necho not base64\n"
}

resource "aws_security_group_rule" "nopeer" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
}
