/* convert.h: type conversion and unification as HCL/cty does them: strings
 * to and from numbers and bools, tuples to lists and sets, objects to maps,
 * and the reverse where the shape fits.  Not for operators or functions; they
 * call this. */
#ifndef CL_CONVERT_H
#define CL_CONVERT_H

#include "compiler/value.h"

/* v as a value of type t (a type or a constraint with "any" in it).  NULL
 * when impossible, with *err a message in cty's words, prefixed by where in
 * v it went wrong: "a number is required", "element 1: string required",
 * "attribute \"port\" is required".  Marks and unknowns are kept. */
cl_value *cl_convert(cl_arena *a, cl_value *v, const cl_type *t, const char **err);

/* Converts v[0..n) in place to the one type they have in common (a null
 * of type any fits every type) and returns that type; NULL, with v as it
 * was, when they have none.  For building lists and sets of values. */
const cl_type *cl_convert_common(cl_arena *a, cl_value **v, uint32_t n);

/* The one type values of all of ts can convert to, or NULL: string wins
 * over number and bool, tuples of other lengths become lists, objects with
 * other attributes become maps (cty's UnifyUnsafe). */
const cl_type *cl_type_unify(cl_arena *a, const cl_type **ts, uint32_t n);

#endif
