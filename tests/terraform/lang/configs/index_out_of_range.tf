output "e" { value = ["a"][3] }
