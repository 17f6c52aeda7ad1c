variable "a" {
  default = 1
}variable "b" {
  default = 2
}
