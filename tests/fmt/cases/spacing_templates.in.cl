locals {
  a = "hello ${ name }"
  b = "hello ${~ name ~}"
  c = "${ var.a }-${ var.b }"
  d = "%{ if var.x }yes%{ else }no%{ endif }"
  e = "%{ for s in var.list ~}${ s }, %{ endfor ~}"
  f = "keep   inner   spaces"
  g = "escapes \" \\ \n $${literal} %%{literal}"
  h = "${ { a = 1 } }"
}
