output "g" { value = { for s in ["a", "a"] : s => s } }
