# The scope of the console expressions: the same in terraform console and
# clicamosc console (both read this directory).
variable "region" {
  default = "us-east-1"
}

variable "list" {
  default = ["a", "b"]
}

variable "obj" {
  type = object({
    name = string
    size = optional(number, 3)
    tags = optional(map(string), {})
  })
  default = { name = "web" }
}

variable "n" {
  type    = number
  default = 2
  validation {
    condition     = var.n > 0
    error_message = "The n must be positive."
  }
}

locals {
  m     = { a = 1, b = 2 }
  zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
  big   = 12345678901234567890
  s     = "hello"
}
