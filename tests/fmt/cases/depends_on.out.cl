resource "aws_instance" "web" {
  depends_on = ["aws_instance.nat", "module.network"]
}
resource "aws_eip" "nat" {
  depends_on = [
    "aws_internet_gateway.main", # the gateway first
    "data.aws_ami.base",
  ]
}
resource "null_resource" "x" {
  depends_on = [aws_instance.web]
  triggers   = { depends_on = "aws_instance.web" }
}
