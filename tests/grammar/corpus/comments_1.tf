# A file with every kind of comment.
// Slash comments too.
/*
 * Block comments
 * over several lines.
 */

resource "aws_vpc" "commented" { # trailing hash
  cidr_block = "10.0.0.0/16" // trailing slashes
  /* inline */ enable_dns_support = true
  tags = {
    # inside an object
    Name = "commented" // here too
  }
}

locals {
  list = [
    1, # one
    2, // two
    /* three */ 3,
  ]
}
