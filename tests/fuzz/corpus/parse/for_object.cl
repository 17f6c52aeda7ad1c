a = {for k, v in m : k => v}
b = {for x in xs : x.name => x...}
c = {
  for k, v in m :
  k => upper(v)
  if v != null
}
