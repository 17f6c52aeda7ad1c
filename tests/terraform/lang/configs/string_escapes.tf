output "s" { value = "tab\tquote\"dollar$${x}" }
