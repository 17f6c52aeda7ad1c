output "s" { value = sum([0.1, 0.2, 0.3]) }
