# A wrong argument to a kind is reported as for a resource.
args: validate
exit: 1
--- main.cl
asg "app" {
  amii          = "ami-1"
  instance_type = "t2.micro"
  subnets       = ["subnet-1"]
  min_size      = 1
  max_size      = 2
}
--- stderr
main.cl:2:3: error: unsupported argument "amii" for kind "asg"
 2 |   amii          = "ami-1"
   |   ^~~~
  hint: did you mean "ami"?
