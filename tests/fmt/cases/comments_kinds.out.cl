# A hash comment at the top.
// A slash comment.
/* A block
   comment over
     several lines */
resource "a" "b" {
  # misindented comment
  // another
  x              = 1 /* inline */
  /* before */ y = 2
  list = [
    1, # one
    # between
    2,
  ]
}
#no space after hash
