# A cycle between resources: the whole loop, each step where it is made.
args: plan -refresh=false -no-color
exit: 1
--- main.cl
resource "aws_security_group" "a" {
  name   = "a"
  vpc_id = aws_security_group.b.vpc_id
}

resource "aws_security_group" "b" {
  name   = "b"
  vpc_id = aws_security_group.a.vpc_id
}
--- stderr
main.cl:3:12: error: dependency cycle: aws_security_group.a -> aws_security_group.b -> aws_security_group.a
 3 |   vpc_id = aws_security_group.b.vpc_id
   |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~
main.cl:3:12: note: aws_security_group.a refers to aws_security_group.b
 3 |   vpc_id = aws_security_group.b.vpc_id
   |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~
main.cl:8:12: note: aws_security_group.b refers to aws_security_group.a
 8 |   vpc_id = aws_security_group.a.vpc_id
   |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: break the loop: one of these references must go, or go through a value known in advance
