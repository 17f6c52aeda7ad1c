tags = {
  Name = "web"
  extra = { a = [1, { b = 2 }] }
}
