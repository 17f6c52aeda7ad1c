# Invalid JSON is reported at its line and column.
args: validate -no-color
exit: 1
--- main.tf.json
{
  "resource": {
    "aws_vpc": { "x": { "cidr_block": "10.0.0.0/16", } }
  }
}
--- stderr
main.tf.json:3:54: error: invalid JSON: string or '}' expected near '}'
 3 |     "aws_vpc": { "x": { "cidr_block": "10.0.0.0/16", } }
   |                                                      ^
  hint: main.tf.json is read as HCL's JSON syntax (by its .json name); fix the JSON, or rename it
