output "l" { value = tolist(toset(["b", "a"])) }
