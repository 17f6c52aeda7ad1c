# Locals that refer to each other in a loop: the whole cycle, step by step.
args: validate
exit: 1
--- main.cl
locals {
  a = local.b + 1
  b = local.c * 2
  c = local.a
}
--- stderr
main.cl:2:7: error: dependency cycle: local.a -> local.b -> local.c -> local.a
 2 |   a = local.b + 1
   |       ^~~~~~~
main.cl:2:7: note: local.a refers to local.b
 2 |   a = local.b + 1
   |       ^~~~~~~
main.cl:3:7: note: local.b refers to local.c
 3 |   b = local.c * 2
   |       ^~~~~~~
main.cl:4:7: note: local.c refers to local.a
 4 |   c = local.a
   |       ^~~~~~~
  hint: break the loop: one of these references must go, or go through a value known in advance
