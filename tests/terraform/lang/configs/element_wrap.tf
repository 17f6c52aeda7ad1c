output "e" { value = element(["a", "b", "c"], 4) }
