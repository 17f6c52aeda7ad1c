locals {
  a = 1+2*3
  b = (a+2)
  c = a*-2
  d = -2+1
  e = !var.enabled
  f = a==b&&c!=d||e
  g = a>=1?"yes":"no"
  h = a % 2
  i = - a
  j = [ -1, - 2 ]
  k = a<b
  l = 10/ 3 - -1
}
