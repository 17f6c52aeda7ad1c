locals {
  upper    = [for s in var.list : upper(s)]
  idx      = [for i, v in var.list : "${i}=${v}"]
  m        = { for k, v in var.map : k => v }
  grouped  = { for s in var.list : substr(s, 0, 1) => s... }
  filtered = [for s in var.list : s if s != ""]
  lit      = [for x in [1, 2] : x]
  multi = [
    for s in var.list :
    upper(s)
  ]
}
