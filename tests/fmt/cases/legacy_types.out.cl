variable "s" {
  type = "string"
}
variable "l" {
  type    = "list"
  default = []
}
variable "m" {
  type    = "map"
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
