output "a" { value = title("hello world") }
output "b" { value = trimspace("  x  ") }
output "c" { value = split(",", "a,,b") }
output "d" { value = join("-", ["a", "b"]) }
