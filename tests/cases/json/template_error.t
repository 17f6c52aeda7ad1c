# An error inside a template string is reported inside the string, also
# when the string holds JSON escapes.
args: validate -no-color
exit: 1
--- main.tf.json
{
  "locals": {
    "plain": "${upper(}",
    "escaped": "\"quoted\"\n${nope(1}"
  }
}
--- stderr
main.tf.json:3:23: error: unexpected "}", expecting an expression or ")"
 3 |     "plain": "${upper(}",
   |                       ^
main.tf.json:3:22: note: unclosed "(" opened here
 3 |     "plain": "${upper(}",
   |                      ^
main.tf.json:4:34: error: unexpected "}", expecting ..., ")" or ","
 4 |     "escaped": "\"quoted\"\n${nope(1}"
   |                                  ^
main.tf.json:4:32: note: unclosed "(" opened here
 4 |     "escaped": "\"quoted\"\n${nope(1}"
   |                                ^
