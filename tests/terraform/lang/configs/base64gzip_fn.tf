output "g" { value = base64gzip("hello world") }
