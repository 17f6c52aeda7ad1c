locals {
  name = format(
    "%s-%s",
    var.prefix,
    var.suffix,
  )
  sum = (
    1 +
    2
  )
  merged = merge(var.tags, {
    Name = "x"
  })
}
