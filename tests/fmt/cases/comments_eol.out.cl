variable "region" {
  type        = string       # where
  default     = "us-east-1"  # the default region
  description = "AWS region" // why not
}

a      = 1         # foo
bungle = "bonce"   # baz
zebra  = "striped" # baz

foo {} # here we go
b = 2  # two
