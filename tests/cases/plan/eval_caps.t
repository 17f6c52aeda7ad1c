# issue 20 finding 10: values that double again and again (a string, a nested
# list, concat, a long join separator, a template loop) stop at the value cap
# with an error at the expression, instead of taking all memory and aborting
args: plan -refresh=false -no-color
exit: 1
--- main.cl
locals {
  s0 = "ab"
  l0 = ["x"]
  c0 = [1]
  s1 = "${local.s0}${local.s0}"
  s2 = "${local.s1}${local.s1}"
  s3 = "${local.s2}${local.s2}"
  s4 = "${local.s3}${local.s3}"
  s5 = "${local.s4}${local.s4}"
  s6 = "${local.s5}${local.s5}"
  s7 = "${local.s6}${local.s6}"
  s8 = "${local.s7}${local.s7}"
  s9 = "${local.s8}${local.s8}"
  s10 = "${local.s9}${local.s9}"
  s11 = "${local.s10}${local.s10}"
  s12 = "${local.s11}${local.s11}"
  s13 = "${local.s12}${local.s12}"
  s14 = "${local.s13}${local.s13}"
  s15 = "${local.s14}${local.s14}"
  s16 = "${local.s15}${local.s15}"
  s17 = "${local.s16}${local.s16}"
  s18 = "${local.s17}${local.s17}"
  s19 = "${local.s18}${local.s18}"
  s20 = "${local.s19}${local.s19}"
  s21 = "${local.s20}${local.s20}"
  s22 = "${local.s21}${local.s21}"
  s23 = "${local.s22}${local.s22}"
  s24 = "${local.s23}${local.s23}"
  s25 = "${local.s24}${local.s24}"
  s26 = "${local.s25}${local.s25}"
  s27 = "${local.s26}${local.s26}"
  s28 = "${local.s27}${local.s27}"
  s29 = "${local.s28}${local.s28}"
  s30 = "${local.s29}${local.s29}"
  s31 = "${local.s30}${local.s30}"
  s32 = "${local.s31}${local.s31}"
  s33 = "${local.s32}${local.s32}"
  s34 = "${local.s33}${local.s33}"
  s35 = "${local.s34}${local.s34}"
  s36 = "${local.s35}${local.s35}"
  s37 = "${local.s36}${local.s36}"
  s38 = "${local.s37}${local.s37}"
  s39 = "${local.s38}${local.s38}"
  s40 = "${local.s39}${local.s39}"
  l1 = [local.l0, local.l0]
  l2 = [local.l1, local.l1]
  l3 = [local.l2, local.l2]
  l4 = [local.l3, local.l3]
  l5 = [local.l4, local.l4]
  l6 = [local.l5, local.l5]
  l7 = [local.l6, local.l6]
  l8 = [local.l7, local.l7]
  l9 = [local.l8, local.l8]
  l10 = [local.l9, local.l9]
  l11 = [local.l10, local.l10]
  l12 = [local.l11, local.l11]
  l13 = [local.l12, local.l12]
  l14 = [local.l13, local.l13]
  l15 = [local.l14, local.l14]
  l16 = [local.l15, local.l15]
  l17 = [local.l16, local.l16]
  l18 = [local.l17, local.l17]
  l19 = [local.l18, local.l18]
  l20 = [local.l19, local.l19]
  l21 = [local.l20, local.l20]
  l22 = [local.l21, local.l21]
  l23 = [local.l22, local.l22]
  l24 = [local.l23, local.l23]
  l25 = [local.l24, local.l24]
  l26 = [local.l25, local.l25]
  l27 = [local.l26, local.l26]
  l28 = [local.l27, local.l27]
  l29 = [local.l28, local.l28]
  l30 = [local.l29, local.l29]
  l31 = [local.l30, local.l30]
  l32 = [local.l31, local.l31]
  l33 = [local.l32, local.l32]
  l34 = [local.l33, local.l33]
  l35 = [local.l34, local.l34]
  l36 = [local.l35, local.l35]
  l37 = [local.l36, local.l36]
  l38 = [local.l37, local.l37]
  l39 = [local.l38, local.l38]
  l40 = [local.l39, local.l39]
  c1 = concat(local.c0, local.c0)
  c2 = concat(local.c1, local.c1)
  c3 = concat(local.c2, local.c2)
  c4 = concat(local.c3, local.c3)
  c5 = concat(local.c4, local.c4)
  c6 = concat(local.c5, local.c5)
  c7 = concat(local.c6, local.c6)
  c8 = concat(local.c7, local.c7)
  c9 = concat(local.c8, local.c8)
  c10 = concat(local.c9, local.c9)
  c11 = concat(local.c10, local.c10)
  c12 = concat(local.c11, local.c11)
  c13 = concat(local.c12, local.c12)
  c14 = concat(local.c13, local.c13)
  c15 = concat(local.c14, local.c14)
  c16 = concat(local.c15, local.c15)
  c17 = concat(local.c16, local.c16)
  c18 = concat(local.c17, local.c17)
  c19 = concat(local.c18, local.c18)
  c20 = concat(local.c19, local.c19)
  c21 = concat(local.c20, local.c20)
  c22 = concat(local.c21, local.c21)
  c23 = concat(local.c22, local.c22)
  c24 = concat(local.c23, local.c23)
  c25 = concat(local.c24, local.c24)
  c26 = concat(local.c25, local.c25)
  c27 = concat(local.c26, local.c26)
  c28 = concat(local.c27, local.c27)
  c29 = concat(local.c28, local.c28)
  c30 = concat(local.c29, local.c29)
  c31 = concat(local.c30, local.c30)
  c32 = concat(local.c31, local.c31)
  c33 = concat(local.c32, local.c32)
  c34 = concat(local.c33, local.c33)
  c35 = concat(local.c34, local.c34)
  c36 = concat(local.c35, local.c35)
  c37 = concat(local.c36, local.c36)
  c38 = concat(local.c37, local.c37)
  c39 = concat(local.c38, local.c38)
  c40 = concat(local.c39, local.c39)
  j = join(local.s20, local.c20)
  t = "%{for x in local.c20}${local.s5}%{endfor}"
}
output "s" { value = length(local.s40) }
output "l" { value = length(local.l40) }
output "c" { value = length(local.c40) }
output "j" { value = length(local.j) }
output "t" { value = length(local.t) }
--- stderr
main.cl:65:9: error: this value is too large: more than 64 MiB (its strings, and 16 bytes per element)
 65 |   l21 = [local.l20, local.l20]
    |         ^~~~~~~~~~~~~~~~~~~~~~
  hint: clicamosc caps every value there, far above what AWS accepts; an expression that doubles a value again and again gets there (a part used twice counts twice)
main.cl:125:7: error: Call to function "join" failed: the result would be larger than 64 MiB.
 125 |   j = join(local.s20, local.c20)
     |       ^~~~~~~~~~~~~~~~~~~~~~~~~~
main.cl:126:8: error: this value is too large: more than 64 MiB (its strings, and 16 bytes per element)
 126 |   t = "%{for x in local.c20}${local.s5}%{endfor}"
     |        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: clicamosc caps every value there, far above what AWS accepts; an expression that doubles a value again and again gets there (a part used twice counts twice)
main.cl:106:9: error: this value is too large: more than 64 MiB (its strings, and 16 bytes per element)
 106 |   c22 = concat(local.c21, local.c21)
     |         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: clicamosc caps every value there, far above what AWS accepts; an expression that doubles a value again and again gets there (a part used twice counts twice)
main.cl:29:9: error: this value is too large: more than 64 MiB (its strings, and 16 bytes per element)
 29 |   s25 = "${local.s24}${local.s24}"
    |         ^~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: clicamosc caps every value there, far above what AWS accepts; an expression that doubles a value again and again gets there (a part used twice counts twice)
