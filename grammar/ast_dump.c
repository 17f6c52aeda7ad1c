/* ast_dump.c: the debug dump of a syntax tree, one node per line with its
 * range, as the golden tests expect it.  Recursion is bounded by the
 * parser's depth limit (CL_MAX_DEPTH).  The JSON view is ast_json.c. */
#include "grammar/ast_json.h"

#include <string.h>

static void range(FILE *out, cl_loc l)
{
	cl_range r = cl_loc_range(l);
	if (!r.src) {
		fprintf(out, " @%u-%u\n", (unsigned)l.start, (unsigned)l.end);
		return;
	}
	cl_pos a = cl_source_pos(r.src, r.start), b = cl_source_pos(r.src, r.end);
	fprintf(out, " %u:%u-%u:%u\n", a.line, a.col, b.line, b.col);
}

static void quote(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

static const char *op_name(int op)
{
	static const char *names[] = {
		[CL_OP_NOT] = "!", [CL_OP_NEG] = "-", [CL_OP_MUL] = "*", [CL_OP_DIV] = "/",
		[CL_OP_MOD] = "%", [CL_OP_ADD] = "+", [CL_OP_SUB] = "-", [CL_OP_LT] = "<",
		[CL_OP_GT] = ">", [CL_OP_LE] = "<=", [CL_OP_GE] = ">=", [CL_OP_EQ] = "==",
		[CL_OP_NE] = "!=", [CL_OP_AND] = "&&", [CL_OP_OR] = "||",
	};
	return op > 0 && op <= CL_OP_OR ? names[op] : "?";
}

static void expr(FILE *out, const cl_expr *e, int ind, const char *role);

static void forx(FILE *out, const cl_forx *f, int ind)
{
	expr(out, f->coll, ind, "in: ");
	if (f->key)
		expr(out, f->key, ind, "key: ");
	expr(out, f->val, ind, "value: ");
	if (f->cond)
		expr(out, f->cond, ind, "if: ");
}

static void expr(FILE *out, const cl_expr *e, int ind, const char *role)
{
	fprintf(out, "%*s%s%s", ind, "", role, cl_expr_kind_name(e->kind));
	switch (e->kind) {
	case CL_E_NUMBER: fprintf(out, " %s", e->u.text); break;
	case CL_E_BOOL: fputs(e->u.boolean ? " true" : " false", out); break;
	case CL_E_STRING: fputc(' ', out); quote(out, e->u.str.s, e->u.str.len); break;
	case CL_E_TEMPLATE:
		fputs(e->flags & CL_F_QUOTED ? " quoted" : e->flags & CL_F_HEREDOC ? " heredoc" : "", out);
		break;
	case CL_E_VAR: fprintf(out, " %s", e->u.name); break;
	case CL_E_GETATTR: fprintf(out, " .%s", e->u.attr.name); break;
	case CL_E_INDEX:
	case CL_E_SPLAT: fputs(e->flags & CL_F_LEGACY ? " legacy" : "", out); break;
	case CL_E_CALL: fprintf(out, " %s%s", e->u.call.name, e->flags & CL_F_EXPAND ? " ..." : ""); break;
	case CL_E_UNARY:
	case CL_E_BINARY: fprintf(out, " %s", op_name(e->op)); break;
	case CL_E_FOR:
	case CL_E_TMPL_FOR:
		fprintf(out, " %s%s%s%s%s", e->u.forx->key_var ? e->u.forx->key_var : "",
		        e->u.forx->key_var ? ", " : "", e->u.forx->val_var,
		        e->flags & CL_F_OBJFOR ? " object" : "", e->flags & CL_F_GROUP ? " grouped" : "");
		break;
	default: break;
	}
	range(out, e->loc);
	ind += 2;
	switch (e->kind) {
	case CL_E_TEMPLATE:
	case CL_E_TUPLE:
		for (uint32_t i = 0; i < e->u.list.n; i++)
			expr(out, e->u.list.v[i], ind, "");
		break;
	case CL_E_CALL:
		for (uint32_t i = 0; i < e->u.call.n; i++)
			expr(out, e->u.call.v[i], ind, "");
		break;
	case CL_E_GETATTR: expr(out, e->u.attr.obj, ind, ""); break;
	case CL_E_INDEX:
		expr(out, e->u.index.coll, ind, "");
		expr(out, e->u.index.key, ind, "key: ");
		break;
	case CL_E_SPLAT:
		expr(out, e->u.splat.src, ind, "");
		if (e->u.splat.each)
			expr(out, e->u.splat.each, ind, "each: ");
		break;
	case CL_E_OBJECT:
		for (uint32_t i = 0; i < e->u.object.n; i++) {
			expr(out, e->u.object.v[i].key, ind, e->u.object.v[i].key_is_name ? "name: " : "key: ");
			expr(out, e->u.object.v[i].value, ind, "value: ");
		}
		break;
	case CL_E_FOR:
	case CL_E_TMPL_FOR:
		forx(out, e->u.forx, ind);
		break;
	case CL_E_UNARY:
	case CL_E_PAREN:
		expr(out, e->u.op.a, ind, "");
		break;
	case CL_E_BINARY:
		expr(out, e->u.op.a, ind, "");
		expr(out, e->u.op.b, ind, "");
		break;
	case CL_E_COND:
	case CL_E_TMPL_IF:
		expr(out, e->u.cond.c, ind, "if: ");
		expr(out, e->u.cond.t, ind, "then: ");
		if (e->u.cond.f)
			expr(out, e->u.cond.f, ind, "else: ");
		break;
	default: break;
	}
}

static void body(FILE *out, const cl_body *b, int ind)
{
	fprintf(out, "%*sbody", ind, "");
	range(out, b->loc);
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_item *it = &b->v[i];
		if (it->attr) {
			fprintf(out, "%*sattr %s", ind + 2, "", it->attr->name);
			range(out, it->attr->loc);
			expr(out, it->attr->expr, ind + 4, "");
			continue;
		}
		const cl_block *bl = it->block;
		fprintf(out, "%*sblock %s", ind + 2, "", bl->type);
		for (uint32_t k = 0; k < bl->nlabels; k++) {
			fputc(' ', out);
			if (bl->labels[k].quoted)
				quote(out, bl->labels[k].s, bl->labels[k].len);
			else
				fputs(bl->labels[k].s, out);
		}
		range(out, bl->loc);
		body(out, bl->body, ind + 4);
	}
}

void cl_ast_dump(FILE *out, const cl_file *f)
{
	body(out, f->body, 0);
}

void cl_ast_dump_expr(FILE *out, const cl_expr *e)
{
	expr(out, e, 0, "");
}
