output "c" { value = coalesce("", "a") }
output "d" { value = coalesce(null, 2) }
