output "r" { value = regex("(?P<user>\\w+)@(?P<host>[\\w.]+)", "me@example.com") }
