locals {
  size = var.env == "prod" ? (
    "m5.large"
    ) : (
    "t2.micro"
  )
  long = (var.a &&
    var.b ||
  var.c)
}
