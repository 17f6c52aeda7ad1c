output "l" { value = lookup({ a = "x" }, "b", "d") }
