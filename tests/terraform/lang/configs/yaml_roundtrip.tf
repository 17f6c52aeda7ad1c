output "y" { value = yamldecode(yamlencode({ a = [1, 2], b = "c" })) }
