output "j" { value = jsondecode("[1, 1.5, 1e3, 12345678901234567890]") }
