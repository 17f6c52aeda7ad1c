/* graph_mermaid.c: Mermaid's flowchart syntax for a cgraph picture (see
 * graph_mermaid.h).  Nodes get ids n1, n2... (addresses hold characters
 * Mermaid would read as syntax); labels keep the address, quoted. */
#include "view/graph_mermaid.h"

#include <stdbool.h>
#include <string.h>

static const char *attr(void *obj, const char *name)
{
	char *v = agget(obj, (char *)name);
	return v ? v : "";
}

/* A label in Mermaid's double quotes: DOT's \n is a line break, a quote is
 * the entity #quot;. */
static void label(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n')
			fputs("<br/>", out), s++;
		else if (*s == '"')
			fputs("#quot;", out);
		else if (*s == '#')
			fputs("#35;", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void node(FILE *out, Agnode_t *n, int depth)
{
	const char *shape = attr(n, "shape"), *style = attr(n, "style");
	bool box = !strcmp(shape, "box"), rounded = strstr(style, "rounded") != NULL;
	fprintf(out, "%*sn%lu%s", depth * 2, "", (unsigned long)AGSEQ(n), !box ? "([" : rounded ? "(" : "[");
	label(out, *attr(n, "label") ? attr(n, "label") : agnameof(n));
	fprintf(out, "%s\n", !box ? "])" : rounded ? ")" : "]");
	const char *fill = attr(n, "fillcolor");
	if (*fill || strstr(style, "dashed"))
		fprintf(out, "%*sstyle n%lu %s%s%s\n", depth * 2, "", (unsigned long)AGSEQ(n), *fill ? "fill:" : "", fill,
		        strstr(style, "dashed") ? (*fill ? ",stroke-dasharray:4" : "stroke-dasharray:4") : "");
}

/* The nodes of sub that none of its own clusters holds, then those clusters. */
static void cluster(FILE *out, Agraph_t *sub, int depth)
{
	for (Agnode_t *n = agfstnode(sub); n; n = agnxtnode(sub, n)) {
		bool inner = false;
		for (Agraph_t *c = agfstsubg(sub); c && !inner; c = agnxtsubg(c))
			inner = agsubnode(c, n, 0) != NULL;
		if (!inner)
			node(out, n, depth);
	}
	for (Agraph_t *c = agfstsubg(sub); c; c = agnxtsubg(c)) {
		fprintf(out, "%*ssubgraph c%lu [", depth * 2, "", (unsigned long)AGSEQ(c));
		label(out, *attr(c, "label") ? attr(c, "label") : agnameof(c));
		fprintf(out, "]\n");
		cluster(out, c, depth + 1);
		fprintf(out, "%*send\n", depth * 2, "");
	}
}

void cl_graph_mermaid_write(Agraph_t *g, FILE *out)
{
	if (*attr(g, "label"))
		fprintf(out, "---\ntitle: %s\n---\n", attr(g, "label"));
	fprintf(out, "flowchart %s\n", *attr(g, "rankdir") ? attr(g, "rankdir") : "TB");
	cluster(out, g, 1);
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
			const char *text = attr(e, "label");
			bool dashed = strstr(attr(e, "style"), "dashed") != NULL;
			fprintf(out, "  n%lu %s", (unsigned long)AGSEQ(agtail(e)), dashed ? "-.->" : "-->");
			if (*text) {
				fputc('|', out);
				label(out, text);
				fputc('|', out);
			}
			fprintf(out, " n%lu\n", (unsigned long)AGSEQ(aghead(e)));
		}
}
