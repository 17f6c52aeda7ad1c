output "r" { value = regex("a|ab", "ab") }
