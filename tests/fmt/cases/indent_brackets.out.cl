locals {
  nested = [
    [
      1,
      2,
    ],
    {
      a = 1
      b = [
        "x",
      ]
    },
  ]
  pairs = [{
    a = 1
    }, {
    b = 2
  }]
  types = list(object({
    port = number
    cidr = optional(list(string), ["0.0.0.0/0"])
  }))
}
