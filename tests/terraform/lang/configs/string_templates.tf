variable "name" { default = "web" }
output "t" { value = "%{if var.name == "web"}yes%{else}no%{endif}" }
output "f" { value = "%{for i in [1, 2, 3]}${i},%{endfor}" }
