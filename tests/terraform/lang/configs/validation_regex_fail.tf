variable "ami" {
  default = "ami-XYZ"
  validation {
    condition     = can(regex("^ami-[0-9a-f]+$", var.ami))
    error_message = "The ami must start with ami- and be hex."
  }
}
output "ami" { value = var.ami }
