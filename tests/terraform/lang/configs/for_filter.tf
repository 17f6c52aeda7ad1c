output "f" { value = [for x in range(10) : x * x if x % 2 == 0] }
