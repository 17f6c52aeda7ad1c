output "r" { value = regex("<.+?>", "<a><b>") }
