output "j" { value = jsonencode({ b = [1, 2.5, "x"], a = null, c = { d = true } }) }
