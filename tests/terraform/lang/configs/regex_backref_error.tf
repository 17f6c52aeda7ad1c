output "r" { value = regex("(a)\\1", "aa") }
