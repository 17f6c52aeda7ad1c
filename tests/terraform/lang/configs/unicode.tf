output "u" { value = upper("straße") }
output "l" { value = length("héllo") }
