output "n" { value = null }
