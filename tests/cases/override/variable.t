# A variable's default and type can be overridden; a JSON override file
# (override.tf.json) merges like a native one.
args: console
--- main.tf
variable "azs" {
  type    = list(string)
  default = ["a"]
}
variable "n" {
  default = 1
}
--- override.tf.json
{
  "variable": {
    "azs": { "default": ["x", "y"] },
    "n": { "type": "string" }
  }
}
--- stdin
[var.azs, var.n]
--- stdout
[
  tolist([
    "x",
    "y",
  ]),
  "1",
]
