/* config_decode.h: what the three files that decode a module share, and no
 * one else includes: config.c (the module, its small blocks, the shared
 * checks), config_resource.c (resource and data blocks against their
 * schema) and config_call.c (module and kind calls).  Everything a decoder
 * makes lives in its arena x->a; diagnostics go to x->d. */
#ifndef CL_CONFIG_DECODE_H
#define CL_CONFIG_DECODE_H

#include "compiler/config.h"
#include "compiler/stdlib.h"

typedef struct cl_dec {
	cl_arena *a;
	cl_diags *d;
	cl_module *m;
	int depth;               /* module nesting, against a module calling itself */
	const char *root;        /* the root module's directory: module sources should stay inside */
	const char *key;         /* the module's key in the manifest ("" for the root, "net.subnets") */
} cl_dec;

enum { CL_DEC_MAX_DEPTH = 32 };

/* Names already suggested for a misspelt argument: their absence is the
 * same mistake, not a second one. */
typedef struct cl_dec_suggested {
	const char *v[32];
	unsigned n;
} cl_dec_suggested;

void *cl_dec_grow(cl_arena *a, void *p, unsigned n, size_t size);
/* Appends one element to the arena array arr of n: its new slot. */
#define CL_DEC_PUSH(a, arr, n) ((arr) = cl_dec_grow((a), (arr), (n), sizeof *(arr)), &(arr)[(n)++])

/* "did you mean" among cands; returns the suggestion made, if any. */
const char *cl_dec_suggest(cl_dec *x, const char *name, const char *const *cands, size_t n);
void cl_dec_note_suggested(cl_dec_suggested *s, const char *name);
bool cl_dec_was_suggested(const cl_dec_suggested *s, const char *name);
/* The text of an expression that is a plain quoted string, or NULL. */
const char *cl_dec_literal_string(const cl_expr *e);
bool cl_dec_in_list(const char *name, const char *const *list);   /* list: NULL-terminated */
size_t cl_dec_list_len(const char *const *list);
/* A label that is a valid name (Terraform's identifier rule); else an error. */
bool cl_dec_want_name(cl_dec *x, const cl_label *l, const char *what);
/* A body holds only these attributes and block types, each attribute once. */
void cl_dec_check_shape(cl_dec *x, const cl_body *b, const char *what, const char *const *attrs,
                        const char *const *blocks);
const cl_attr *cl_dec_find_attr(const cl_body *b, const char *name);
const cl_expr *cl_dec_attr_expr(const cl_body *b, const char *name);
bool cl_dec_want_labels(cl_dec *x, const cl_block *bl, uint32_t n, const char *names);
void cl_dec_dependson(cl_dec *x, const cl_body *b, cl_dependson *out);
/* The precondition (or postcondition, by type) blocks of a body. */
void cl_dec_conditions(cl_dec *x, const cl_body *b, const char *type, cl_conditions *out);
/* A provider reference (aws, aws.west, or the 0.11 string); NULL after an error. */
const char *cl_dec_provider_ref(cl_dec *x, const cl_expr *e);
/* The built-in kind of that name (network, asg, ...), or NULL. */
const cl_stdlib_file *cl_dec_find_kind(const char *name);

void cl_dec_resource(cl_dec *x, const cl_block *bl, bool data);    /* config_resource.c */
void cl_dec_call(cl_dec *x, const cl_block *bl, const char *kind); /* config_call.c */
/* A call's key in the module's call index: "module.NAME" or "KIND.NAME";
 * false when it does not fit (no call has such a name). */
bool cl_dec_call_key(char *key, size_t size, const char *kind, const char *name);
/* One module (or kind) decoded from its loaded files, at that nesting depth. */
cl_module *cl_dec_module(cl_arena *a, cl_module_src *src, const char *kind, int depth, const char *root,
                         const char *key, cl_diags *d);

#endif
