locals {
  m = {
    "quoted key"    = 1
    (var.dynamic)   = 2
    bare            = 3
    "${var.interp}" = 4
  }
  colon = { a : 1, b : 2 }
  commas = {
    a  = 1,
    bb = 2,
  }
}
