locals {
  azs      = ["a", "b", "c"]
  names    = [for az in local.azs : "subnet-${az}"]
  upper    = [for s in var.list : upper(s) if s != ""]
  by_name  = { for s in var.servers : s.name => s }
  grouped  = { for s in var.servers : s.role => s.name... }
  indexed  = { for i, v in var.list : v => i }
  filtered = {
    for k, v in var.map :
    k => v
    if v != null && k != "ignored"
  }
  flat   = flatten([for s in var.servers : [for p in s.ports : "${s.name}:${p}"]])
  sizes  = { small = 1, medium = 4, large = 12 }
  chosen = lookup(local.sizes, var.size, 2)
  count  = length(local.names) * 4 - 1
  ratio  = local.count / 5 % 2
  ok     = !var.disabled && (local.count >= 2 || var.force)
}
