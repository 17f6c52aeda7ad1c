# Locals are overridden name by name, whichever locals block holds them.
args: console
--- main.tf
locals {
  a = "main a"
  b = "main b"
}
locals {
  c = "main c"
}
--- override.tf
locals {
  c = "override c"
  a = "override a"
}
--- stdin
[local.a, local.b, local.c]
--- stdout
[
  "override a",
  "main b",
  "override c",
]
