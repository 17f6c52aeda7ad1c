resource "aws_elb" "app" {
  name         = "app"
  idle_timeout = 60
  tags = {
    Name        = "app"
    Environment = "production"
  }
  subnets = [
    "subnet-1",
    "subnet-2",
  ]
  cross_zone_load_balancing = true
  connection_draining       = true
}
