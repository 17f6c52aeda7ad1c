region         = "us-east-1"
ami            = "ami-0abc"
instance_count = 3
azs            = ["us-east-1a", "us-east-1b"]
tags = {
  Project = "clicamos"
  Owner   = "ops"
}
