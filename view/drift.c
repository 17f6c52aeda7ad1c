/* drift.c: the refresh-only plan's text (see drift.h): the current managed
 * objects of the state, in address order, each compared with what the
 * refresh read, through the one value printer (diff.h). */
#include "view/drift.h"
#include "compiler/address.h"
#include "compiler/schema.h"
#include "view/diff.h"

#include <stdlib.h>
#include <string.h>

static bool drifts(const cl_prior_inst *pi)
{
	return !pi->data && !pi->deposed && pi->attrs;
}

static int by_addr(const void *x, const void *y)
{
	return cl_addr_order((*(const cl_prior_inst *const *)x)->addr, (*(const cl_prior_inst *const *)y)->addr);
}

/* One object: "has changed" (o -> n) or, n NULL, "has been deleted". */
static void object(cl_diff_printer *p, const cl_prior_inst *pi, const cl_value *n)
{
	cl_addr x;
	const char *err;
	const char *name = cl_addr_parse(p->a, pi->addr, &x, &err) && x.name ? x.name : pi->addr;
	cl_buf_putc(p->b, '\n');
	cl_diff_paint(p, CL_ANSI_BOLD, cl_arena_printf(p->a, "  # %s", pi->addr));
	cl_buf_puts(p->b, n ? " has changed\n" : " has been deleted\n");
	cl_diff_symbol(p, n ? CL_ACT_UPDATE : CL_ACT_DELETE);
	cl_buf_printf(p->b, " resource \"%s\" \"%s\" ", pi->type, name);
	const cl_resource_type *rt = cl_schema_find(pi->type, false);
	cl_diff_block(p, rt ? rt->schema : NULL, pi->attrs, n, 0, 0, NULL);
	cl_buf_putc(p->b, '\n');
}

bool cl_drift_render(cl_buf *out, const cl_prior *before, const cl_prior *after, bool color)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_diff_printer p = { out, color, &a };
	const cl_prior_inst **v = CL_NEWN(&a, const cl_prior_inst *, before->n + 1);
	unsigned n = 0;
	for (unsigned i = 0; i < before->n; i++) {
		const cl_prior_inst *was = &before->v[i];
		const cl_prior_inst *now = drifts(was) ? cl_prior_find(after, was->addr) : NULL;
		if (drifts(was) && !(now && cl_diff_same(was->attrs, now->attrs)))
			v[n++] = was;
	}
	qsort(v, n, sizeof *v, by_addr);
	if (n) {
		cl_buf_putc(out, '\n');
		cl_diff_paint(&p, CL_ANSI_BOLD, "Note: Objects have changed outside of clicamosc");
		cl_buf_puts(out, "\n\nclicamosc detected the following changes made outside of clicamosc since the\n"
		                 "last \"clicamosc apply\" which may have affected this plan:\n");
	}
	for (unsigned i = 0; i < n; i++) {
		const cl_prior_inst *now = cl_prior_find(after, v[i]->addr);
		object(&p, v[i], now ? now->attrs : NULL);
	}
	if (n) {
		cl_buf_puts(out, "\n\nThis is a refresh-only plan, so clicamosc will not take any actions to undo\n"
		                 "these. If you were expecting these changes then you can apply this plan to\n"
		                 "record the updated values in the clicamosc state without changing any remote\n"
		                 "objects.\n");
	} else {
		cl_buf_putc(out, '\n');
		cl_diff_paint(&p, CL_ANSI_BOLD CL_ANSI_GREEN, "No changes.");
		cl_diff_paint(&p, CL_ANSI_BOLD, " Your infrastructure still matches the configuration.");
		cl_buf_puts(out, "\n\nclicamosc has checked that the real remote objects still match the result of\n"
		                 "your most recent changes, and found no differences.\n");
	}
	cl_arena_free(&a);
	return n > 0;
}
