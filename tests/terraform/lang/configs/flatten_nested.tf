output "f" { value = flatten([[1, [2]], [], [[[3]]]]) }
