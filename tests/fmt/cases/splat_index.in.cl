output "ids" {
  value = aws_instance.web.*.id
}
output "first" {
  value = aws_instance.web.0.id
}
output "modern" {
  value = aws_instance.web[*].id
}
output "indexed" {
  value = aws_instance.web[ 0 ].private_ip
}
output "legacy_then_index" {
  value = aws_instance.web.*.id[0]
}
