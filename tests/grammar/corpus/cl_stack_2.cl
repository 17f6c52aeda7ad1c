# A clicamos stack written in .cl.
network "main" {
  cidr  = "172.17.0.0/16"
  zones = 3
}

security_group "web" {
  vpc     = network.main.vpc_id
  ingress = [{ port = 80, protocol = "tcp", from = "0.0.0.0/0" }]
}

elb "web" {
  subnets = network.main.public_subnets
  listener {
    port     = 80
    protocol = "http"
  }
  health_check = "HTTP:80/"
}

asg "web" {
  image     = var.ami
  subnets   = network.main.private_subnets
  min       = 1
  max       = 3
  elb       = elb.web.name
  user_data = file("user_data.sh")
}
