variable "instance_count" {
  type        = number
  default     = 3
  description = "How many instances"

  validation {
    condition     = var.instance_count > 0 && var.instance_count <= 30
    error_message = "The instance count must be between 1 and 30."
  }
}

variable "environment" {
  type = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "Environment must be one of dev, staging or prod."
  }
}

variable "settings" {
  type = object({
    name    = string
    ports   = list(number)
    enabled = optional(bool, true)
    labels  = map(string)
  })
  default = {
    name    = "svc2"
    ports   = [80, 443]
    enabled = true
    labels  = {}
  }
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/18"
  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "Must be a valid IPv4 CIDR block."
  }
}

variable "secret" {
  type      = string
  sensitive = true
  nullable  = false
}
