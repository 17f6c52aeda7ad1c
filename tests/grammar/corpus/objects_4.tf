locals {
  servers = {
    web = {
      size  = "small"
      ports = [80, 443]
      tags  = { role = "web", tier = "front" }
    }
    db = {
      size  = "large"
      ports = [5432]
      tags  = {
        role = "db"
        tier = "back"
      }
    },
    cache = { size = "medium", ports = [6379], tags = { role = "cache" } }
  }

  matrix = [
    [1, 2, 3],
    [4, 5, 6],
    [3, 4, 5],
  ]

  colon_object = {
    "a" : 1,
    "b" : [1, 2]
  }
  mixed = {
    key1 = "v1"
    "key2" = "v2"
    (var.dynamic_key) = "v3"
  }
}
