output "asg_name" {
  value       = aws_autoscaling_group.web.name
  description = "Name of the group; it changes with every new launch configuration"
}

output "elb_dns" {
  value = aws_elb.web.dns_name
}

output "subnets" {
  value = {
    public  = aws_subnet.public[*].id
    private = aws_subnet.private[*].id
  }
}

output "summary" {
  value = "vpc ${aws_vpc.main.id} has ${length(aws_subnet.public)} public subnets"
}

output "count_2" {
  value = 2
}

output "maybe" {
  value      = var.enabled ? aws_instance.web[0].id : ""
  depends_on = [aws_instance.web]
}
