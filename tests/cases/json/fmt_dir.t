# fmt on a directory skips its JSON files (nothing to report, exit 0).
args: fmt -check -no-color .
--- main.tf.json
{"resource":{"aws_vpc":{"a":{"cidr_block":"10.0.0.0/16"}}}}
--- main.tf
variable "x" {
  default = 1
}
--- stdout
