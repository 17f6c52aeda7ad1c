# A JSON configuration file is one object: anything else is refused at its
# place, with what to write.
args: validate -no-color
exit: 1
--- main.tf.json
[{"resource": {}}]
--- stderr
main.tf.json:1:1: error: the file is an array here, where a body (a JSON object) is expected
 1 | [{"resource": {}}]
   | ^~~~~~~~~~~~~~~~~~
  hint: write { "argument": value, "block": { ... } }
