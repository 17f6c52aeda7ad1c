variable "subnets" {
  type = list(object({
    cidr = string
    az   = string
  }))
  default = [{ cidr = "10.0.1.0/24", az = "a" }, { cidr = "10.0.2.0/24", az = "b" }]
}
output "cidrs" { value = [for s in var.subnets : s.cidr] }
output "by_az" { value = { for s in var.subnets : s.az => s.cidr } }
