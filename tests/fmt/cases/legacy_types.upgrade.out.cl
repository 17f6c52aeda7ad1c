variable "s" {
  type = string
}
variable "l" {
  type    = list(string)
  default = []
}
variable "m" {
  type    = map(string)
  default = {}
}
variable "other" {
  type = "set"
}
variable "modern" {
  type    = list(string)
  default = ["string"]
}
locals {
  type = "string"
}
