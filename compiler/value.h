/* value.h: the one value type of the compiler, as HCL/cty has it: null,
 * bool, number, string, list, set, tuple, map, object, and unknown ("known
 * after apply", carrying its type).  Any value may carry the sensitive mark.
 *
 * Values are immutable once built and live in an arena (the evaluation's);
 * pass them by pointer.  Constructors keep the element arrays, keys and
 * types they are given (cl_value_string copies its bytes): those must live
 * in the same arena or longer.  Maps and
 * objects keep their keys sorted (strcmp), sets their elements sorted and
 * distinct (cl_value_compare), so iteration order is deterministic.
 * Conversions between types are convert.h; printing is cl_value_format. */
#ifndef CL_VALUE_H
#define CL_VALUE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler/types.h"
#include "util/arena.h"
#include "util/buf.h"

typedef enum cl_value_kind {
	CL_V_NULL,      /* type: what it is a null of (may be any) */
	CL_V_UNKNOWN,   /* type: what it will be (may be any) */
	CL_V_BOOL, CL_V_NUMBER, CL_V_STRING,
	CL_V_LIST, CL_V_SET, CL_V_MAP,   /* type: the collection type */
	CL_V_TUPLE, CL_V_OBJECT,         /* structural: cl_value_type computes it */
} cl_value_kind;

enum { CL_MARK_SENSITIVE = 1 };

typedef struct cl_value cl_value;
struct cl_value {
	uint8_t kind;
	uint8_t marks;               /* CL_MARK_*: on this value itself, not its elements */
	uint32_t n;                  /* elements of a collection or structure */
	const cl_type *type;         /* see cl_value_kind */
	union {
		bool b;
		/* Integral numbers in int64 range are exact (isint, i).  Others
		 * are, as cty's, 512-bit binary floats (big, an mpfr_t: number.h),
		 * or doubles where a function computed one (big NULL).  d is
		 * always set, rounded to the nearest double. */
		struct { bool isint; union { int64_t i; const void *big; }; double d; } num;
		struct { const char *s; size_t len; } str;      /* UTF-8, NUL-terminated */
		struct { cl_value **v; const char **keys; } c;  /* keys: MAP, OBJECT */
	} u;
};

cl_value *cl_value_null(cl_arena *a, const cl_type *t);      /* t NULL: any */
cl_value *cl_value_unknown(cl_arena *a, const cl_type *t);   /* t NULL: any */
cl_value *cl_value_bool(cl_arena *a, bool b);
cl_value *cl_value_int(cl_arena *a, int64_t i);
cl_value *cl_value_double(cl_arena *a, double d);            /* integral -> int */
/* A number held exactly (number.h): big is an mpfr_t in a, d its double. */
cl_value *cl_value_big(cl_arena *a, double d, const void *big);
/* A number as HCL and tonumber() read it ("1", "-1.5e3"); NULL if not one. */
cl_value *cl_value_number_parse(cl_arena *a, const char *text, size_t len);
cl_value *cl_value_string(cl_arena *a, const char *s, size_t len);   /* copies s */
cl_value *cl_value_cstr(cl_arena *a, const char *s);
/* A tuple or list keeps v itself (not a copy): allocate it in a. */
cl_value *cl_value_tuple(cl_arena *a, cl_value **v, uint32_t n);
cl_value *cl_value_list(cl_arena *a, const cl_type *elem, cl_value **v, uint32_t n);
cl_value *cl_value_set(cl_arena *a, const cl_type *elem, cl_value **v, uint32_t n);  /* sorts, dedups */
/* keys need not be sorted (they are, with their values) nor distinct (a
 * repeated key keeps its last value). */
cl_value *cl_value_object(cl_arena *a, const char **keys, cl_value **v, uint32_t n);
cl_value *cl_value_map(cl_arena *a, const cl_type *elem, const char **keys, cl_value **v, uint32_t n);
/* An object whose values are tuples: for each distinct key, all of its
 * values in the order given ({for ... : k => v...} grouping). */
cl_value *cl_value_object_grouped(cl_arena *a, const char **keys, cl_value **v, uint32_t n);

/* Values built in an arena of temporaries tmp that must outlive it: each
 * *v[i] becomes a copy in a of the parts of it that live in tmp (the rest
 * is shared, values being immutable); what the values shared among
 * themselves stays shared.  Then tmp may be reset. */
void cl_value_keep(cl_arena *a, const cl_arena *tmp, cl_value **const *v, unsigned n);

/* v with marks added (v itself when it has them already). */
cl_value *cl_value_mark(cl_arena *a, cl_value *v, unsigned marks);
cl_value *cl_value_unmark(cl_arena *a, cl_value *v);     /* shallow */
unsigned cl_value_marks_deep(const cl_value *v);          /* v's and its elements' */
/* The most one value may hold: bytes of its strings plus 16 per element,
 * counting a shared part at each of its uses (as JSON or state would
 * write it).  Far above any real configuration, far below what takes the
 * machine down: 40 locals that each double the last stop here. */
#define CL_VALUE_MAX_SIZE ((uint64_t)64 << 20)
/* Whether v is within max, by that count; stops counting at max. */
bool cl_value_within(const cl_value *v, uint64_t max);
/* Every string in v is from now on redacted from every message
 * (util/safetext.h): for a value marked sensitive. */
void cl_value_redact_everywhere(const cl_value *v);

static inline bool cl_value_is_known(const cl_value *v) { return v->kind != CL_V_UNKNOWN; }
static inline bool cl_value_is_null(const cl_value *v) { return v->kind == CL_V_NULL; }
bool cl_value_is_wholly_known(const cl_value *v);
bool cl_value_is_seq(const cl_value *v);        /* list, set or tuple */
bool cl_value_is_mapping(const cl_value *v);    /* map or object */

const cl_type *cl_value_type(cl_arena *a, const cl_value *v);
/* Element of a map or object by key, or NULL. */
cl_value *cl_value_get(const cl_value *v, const char *key);
/* Numbers that are whole and fit: the int64 in *out. */
bool cl_value_as_int(const cl_value *v, int64_t *out);

/* HCL's ==: structural and type-sensitive ([1] != tolist([1]), 1 != "1").
 * 1 equal, 0 not, -1 unknown (an unknown somewhere decides it). */
int cl_value_equal(const cl_value *x, const cl_value *y);
/* A total order for sorting sets: by kind, then numbers numerically,
 * strings bytewise, structures element by element.  Ignores marks. */
int cl_value_compare(const cl_value *x, const cl_value *y);

/* Printing.  cl_value_format is terraform console's style (multi-line,
 * tolist(...)/toset(...)/tomap(...), "(known after apply)", "(sensitive
 * value)"); indent is the current column, 0 at top level.  cl_value_number
 * is how a number prints anywhere (1, 1.5, 1000000000000000000000). */
void cl_value_format(cl_buf *b, const cl_value *v, int indent);
/* A bool or number as the console and JSON write it; false (nothing written) for anything else. */
bool cl_value_print_scalar(cl_buf *b, const cl_value *v);
void cl_value_number(cl_buf *b, const cl_value *v);
/* The shortest decimal digits that read back as v (a finite number): v is
 * 0.DIGITS x 10^*point, negative when *neg.  Returns how many digits. */
int cl_value_digits(const cl_value *v, char digits[32], int *point, bool *neg);
/* Go's strconv.Quote, as terraform console quotes strings. */
void cl_value_quote(cl_buf *b, const char *s, size_t len);

/* UTF-8: the length of the sequence at s and its code point in *cp;
 * -1 (and U+FFFD) for an invalid byte.  cl_utf8_put appends one. */
int cl_utf8_decode(const char *s, size_t len, unsigned *cp);
void cl_utf8_put(cl_buf *b, unsigned cp);
bool cl_utf8_valid(const char *s, size_t len);

/* JSON.  cl_value_json_encode writes what Terraform's jsonencode writes
 * (compact, keys sorted, <>& escaped); it needs a wholly known value.
 * cl_value_to_json gives jansson's tree (state files), unknowns as null.
 * cl_value_from_json reads implied types (objects, tuples), then converts to
 * t when t is given; NULL with *err set when that fails. */
/* The jansson/arena boundary: cl_value_to_json returns a new reference
 * (the caller decrefs it; nothing of v is shared); cl_value_from_json only
 * reads j and builds the value in a (j may be decref'd at once). */
void cl_value_json_encode(cl_buf *b, const cl_value *v);
json_t *cl_value_to_json(const cl_value *v);
cl_value *cl_value_from_json(cl_arena *a, const json_t *j, const cl_type *t, const char **err);

#endif
