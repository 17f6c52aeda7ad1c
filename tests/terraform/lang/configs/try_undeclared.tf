output "x" { value = try(local.nope, "f") }
