# jansson would keep the last of two equal keys silently; HCL keeps both.
# We refuse them with the one-line remedy (an array of objects).
args: validate -no-color
exit: 1
--- main.tf.json
{
  "resource": { "aws_vpc": { "a": { "cidr_block": "10.0.0.0/16" } } },
  "resource": { "aws_vpc": { "b": { "cidr_block": "10.1.0.0/16" } } }
}
--- stderr
main.tf.json:3:12: error: invalid JSON: duplicate object key near '"resource"'
 3 |   "resource": { "aws_vpc": { "b": { "cidr_block": "10.1.0.0/16" } } }
   |            ^
  hint: give each key once: several blocks of one type go in an array of objects
