# What the configuration means is checked as for native files, at the JSON
# line and column: a misspelt argument.
args: validate -no-color
exit: 1
--- main.tf.json
{
  "resource": {
    "aws_vpc": {
      "a": {
        "cidr_blok": "10.0.0.0/16"
      }
    }
  }
}
--- stderr
main.tf.json:5:9: error: unsupported argument "cidr_blok" in aws_vpc.a
 5 |         "cidr_blok": "10.0.0.0/16"
   |         ^~~~~~~~~~~
  hint: did you mean "cidr_block"?
