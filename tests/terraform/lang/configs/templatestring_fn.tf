locals {
  t = "Hi $${n}"
}
output "t" { value = templatestring(local.t, { n = "you" }) }
