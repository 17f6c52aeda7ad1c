/* number.h: numbers as cty keeps them: arbitrary-precision binary floats
 * of 512 bits (Go's big.Float), through MPFR, so that 0.1 + 0.2 is 0.3 and
 * 12345678901234567890 + 1 is exact.  Whole numbers in int64 range stay
 * plain integers (the common case); a double from a function (pow, log)
 * stays a double, as cty's float64-made numbers are 53-bit. */
#ifndef CL_NUMBER_H
#define CL_NUMBER_H

#include "compiler/value.h"

#include <mpfr.h>

enum { CL_NUM_PREC = 512 };

/* v's value into out (initialised with CL_NUM_PREC bits). */
void cl_num_get(mpfr_ptr out, const cl_value *v);
/* A number value of x, in a: an integer when x is whole and fits int64
 * (but -0 stays a float: cty prints it "-0"). */
cl_value *cl_num_value(cl_arena *a, mpfr_srcptr x);
/* A copy of an exact value (an mpfr_t) in a. */
const void *cl_num_copy(cl_arena *a, const void *big);
/* Does v need the exact path (a 512-bit float, or an integer, which cty
 * also holds at 512 bits)?  False for a double made by a function. */
bool cl_num_exact(const cl_value *v);
/* x op y at 512 bits: op is '+', '-', '*', '/' or '%' (cty's: the
 * remainder of a truncated quotient, with the dividend's sign). */
cl_value *cl_num_arith(cl_arena *a, int op, const cl_value *x, const cl_value *y);
cl_value *cl_num_neg(cl_arena *a, const cl_value *x);
/* floor(x), or ceil(x) when up. */
cl_value *cl_num_round(cl_arena *a, const cl_value *x, bool up);
/* -1, 0, 1. */
int cl_num_cmp(const cl_value *x, const cl_value *y);
/* The shortest decimal digits that read back as v at its precision, into
 * b ("0.3", "12345678901234567891"), in Go's Text('f', -1) form. */
void cl_num_print(cl_buf *b, const cl_value *v);
/* A decimal number's text (HCL's syntax) as an exact value. */
cl_value *cl_num_parse(cl_arena *a, const char *text);

#endif
