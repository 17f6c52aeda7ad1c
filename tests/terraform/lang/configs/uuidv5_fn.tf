output "u" { value = uuidv5("dns", "example.com") }
