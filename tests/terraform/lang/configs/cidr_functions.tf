output "s" { value = cidrsubnets("10.0.0.0/16", 8, 8, 4) }
output "h" { value = cidrhost("10.0.0.0/24", 5) }
