# Runs of "=" are broken by blank lines, comment lines and blocks.
locals {
  a = 1
  bb = 2

  ccc = 3
  dddd = 4
  # a comment line
  eeeee = 5
  f = 6
  nested {
    g = 7
    hh = 8
  }
  iii = 9
  jjjj = 10
}
