output "c" { value = true ? [1] : { a = 1 } }
