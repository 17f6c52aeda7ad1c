locals {
  list      = [1, 2, 3]
  empty     = []
  empty_obj = {}
  obj       = { a = 1, b = 2 }
  call      = foo(1, 2, bar(3))
  index     = var.list[0]
  attr      = var.obj.name
  nested    = [[]]
  expand    = concat(var.lists...)
  idx       = ["hello"][0]
  fn_idx    = lookup(var.m, "k")[0]
}
