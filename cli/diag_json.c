/* diag_json.c: Terraform's JSON for a diagnostic (see diag_json.h).  The
 * summary is our message, the detail our hint; positions are 1-based lines
 * and columns plus byte offsets, as Terraform's hcl.Pos. */
#include "cli/diag_json.h"
#include "executor/apply.h"
#include "util/buf.h"


static json_t *pos(const cl_source *s, size_t off)
{
	cl_pos p = cl_source_pos(s, off);
	return json_pack("{s:i, s:i, s:I}", "line", p.line, "column", p.col, "byte", (json_int_t)off);
}

/* The lines the range covers, and where the range lies in them. */
static json_t *snippet(const cl_range *r)
{
	const cl_source *s = r->src;
	size_t from = r->start, to = r->end > r->start ? r->end : r->start;
	while (from > 0 && s->text[from - 1] != '\n')
		from--;
	size_t end = to;
	while (end < s->len && s->text[end] != '\n')
		end++;
	return json_pack("{s:n, s:s%, s:i, s:I, s:I, s:[]}", "context", "code", s->text + from, end - from,
	                 "start_line", cl_source_pos(s, r->start).line, "highlight_start_offset",
	                 (json_int_t)(r->start - from), "highlight_end_offset", (json_int_t)(to - from), "values");
}

json_t *cli_diag_json(const cl_diag *g)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "severity", g->sev == CL_SEV_ERROR ? "error" : "warning", "summary",
	                      g->msg, "detail", g->hint ? g->hint : "");
	const cl_range *r = &g->range;
	if (r->src) {
		json_object_set_new(j, "range", json_pack("{s:s, s:o, s:o}", "filename", r->src->name, "start",
		                                          pos(r->src, r->start), "end", pos(r->src, r->end)));
		json_object_set_new(j, "snippet", snippet(r));
	}
	return j;
}

void cli_diags_json_lines(FILE *out, const cl_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const cl_diag *g = &d->v[i];
		cl_buf msg = CL_BUF_INIT;
		cl_buf_printf(&msg, "%s: %s", g->sev == CL_SEV_ERROR ? "Error" : "Warning", g->msg);
		cl_apply_json_line(out, g->sev == CL_SEV_ERROR ? "error" : "warn", "diagnostic", cl_buf_str(&msg),
		                   json_pack("{s:o}", "diagnostic", cli_diag_json(g)));
		cl_buf_free(&msg);
	}
}
