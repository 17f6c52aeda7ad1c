# A block written as a string, a label level that is not an object, and a
# misspelt argument: each at its JSON line and column.
args: validate -no-color
exit: 1
--- main.tf.json
{
  "resource": {
    "aws_vpc": {
      "a": { "cidr_blok": "10.0.0.0/16" },
      "b": "10.0.0.0/16"
    },
    "aws_subnet": ["x"]
  },
  "locals": { "x": "${1 +}" },
  "variable": { "v": { "type": "list(string" } }
}
--- stderr
main.tf.json:5:12: error: a "resource" block is an object (its body) here, not a string
 5 |       "b": "10.0.0.0/16"
   |            ^~~~~~~~~~~~~
  hint: in JSON, a "resource" block is written "resource": {"LABEL": { ... }}
main.tf.json:7:20: error: a "resource" block is an object of labels here, not a string
 7 |     "aws_subnet": ["x"]
   |                    ^~~
  hint: in JSON, a "resource" block is written "resource": {"LABEL": { ... }}
main.tf.json:9:26: error: unexpected "}", expecting an expression
 9 |   "locals": { "x": "${1 +}" },
   |                          ^
main.tf.json:10:44: error: unclosed "("
 10 |   "variable": { "v": { "type": "list(string" } }
    |                                            ^
main.tf.json:10:37: note: opened here
 10 |   "variable": { "v": { "type": "list(string" } }
    |                                     ^
  hint: add the missing ")"
