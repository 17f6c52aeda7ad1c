a = [for x in xs : x]
b = [for i, x in xs : "${i}=${x}" if x != ""]
c = [
  for x in xs :
  upper(x)
]
