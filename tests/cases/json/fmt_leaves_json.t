# fmt leaves JSON files alone: a directory's are skipped, and one named
# is refused as terraform fmt refuses it.
args: fmt -check -no-color main.tf.json
exit: 1
--- main.tf.json
{"resource":{"aws_vpc":{"a":{"cidr_block":"10.0.0.0/16"}}}}
--- stderr
clicamosc: error: main.tf.json is in HCL's JSON syntax: fmt formats only the native syntax (.cl, .tf, .tfvars, .clvars files)
  hint: leave JSON files out; in a directory, fmt skips them
