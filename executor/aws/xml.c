/* xml.c: libxml2's tree turned into aws_xml nodes in one arena, and the
 * accessors.  No network access, no entity expansion, no DOCTYPE, no body
 * past MAX_BODY; mixed content does not occur in AWS answers, so a node is
 * either a leaf or a container. */
#include "executor/aws/xml.h"
#include "util/arena.h"
#include "util/fatal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct xml_doc {
	cl_arena arena;
	aws_xml root;
} xml_doc;

static xml_doc *doc_of(aws_xml *root)
{
	return (xml_doc *)((char *)root - offsetof(xml_doc, root));
}

/* An AWS answer is a page of at most a thousand or so items: a few MB.
 * Anything far larger is not one, and would cost its size several times
 * over as libxml2's tree and ours. */
enum { MAX_BODY = 32 * 1024 * 1024 };

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init(void) { xmlInitParser(); }

static void convert(cl_arena *a, aws_xml *out, xmlNode *in)
{
	out->name = cl_arena_strdup(a, (const char *)in->name);
	out->text = "";
	aws_xml **tail = &out->child;
	bool elements = false;
	for (xmlNode *c = in->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			aws_xml *n = CL_NEW(a, aws_xml);
			n->parent = out;
			convert(a, n, c);
			*tail = n, tail = &n->next;
			elements = true;
		}
	if (!elements) {
		xmlChar *t = xmlNodeGetContent(in);
		out->text = cl_arena_strdup(a, t ? (const char *)t : "");
		xmlFree(t);
	}
}

static bool fail(char **err, const char *what)
{
	char buf[256];
	snprintf(buf, sizeof buf, "malformed XML: %s", what);
	buf[strcspn(buf, "\n")] = 0;
	*err = cl_xstrdup(buf);
	return false;
}

static bool parse_into(cl_arena *a, aws_xml *out, const char *data, size_t len, char **err)
{
	if (len > MAX_BODY) {
		char what[96];
		snprintf(what, sizeof what, "a body of %zu bytes is larger than any AWS answer (limit %d MB)",
		         len, MAX_BODY >> 20);
		return fail(err, what);
	}
	pthread_once(&init_once, init);
	xmlParserCtxt *ctx = xmlNewParserCtxt();
	xmlDoc *doc = ctx ? xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL,
	                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                      XML_PARSE_NOWARNING) : NULL;
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		const xmlError *e = ctx ? xmlCtxtGetLastError(ctx) : NULL;
		fail(err, e && e->message ? e->message : "empty");
	} else if (doc->intSubset || doc->extSubset) {
		/* AWS never sends one; its entities could only be a trick. */
		fail(err, "a DOCTYPE in a response");
		root = NULL;
	} else {
		convert(a, out, root);
	}
	if (doc) xmlFreeDoc(doc);
	if (ctx) xmlFreeParserCtxt(ctx);
	return root != NULL;
}

aws_xml *aws_xml_parse(const char *data, size_t len, char **err)
{
	xml_doc *d = cl_xcalloc(1, sizeof *d);
	cl_arena_init(&d->arena);
	if (!parse_into(&d->arena, &d->root, data, len, err)) {
		cl_arena_free(&d->arena);
		free(d);
		return NULL;
	}
	return &d->root;
}

aws_xml *aws_xml_parse_more(aws_xml *root, const char *data, size_t len, char **err)
{
	xml_doc *d = doc_of(root);
	aws_xml *n = CL_NEW(&d->arena, aws_xml);
	return parse_into(&d->arena, n, data, len, err) ? n : NULL;
}

void aws_xml_free(aws_xml *root)
{
	if (!root)
		return;
	xml_doc *d = doc_of(root);
	cl_arena_free(&d->arena);
	free(d);
}

static bool is_item(const aws_xml *n)
{
	return strcmp(n->name, "item") == 0 || strcmp(n->name, "member") == 0;
}

static void append(aws_xml *parent, aws_xml *n)
{
	aws_xml **tail = &parent->child;
	while (*tail) tail = &(*tail)->next;
	n->parent = parent;
	n->next = NULL;
	*tail = n;
}

/* Items are appended; other elements are matched by name and merged, so
 * reservationSet/item from page 2 lands after page 1's. */
void aws_xml_merge(aws_xml *into, aws_xml *from)
{
	for (aws_xml *c = from->child, *next; c; c = next) {
		next = c->next;
		aws_xml *same = is_item(c) ? NULL : aws_xml_child(into, c->name);
		if (same)
			aws_xml_merge(same, c);
		else
			append(into, c);
	}
	from->child = NULL;
}

aws_xml *aws_xml_child(const aws_xml *n, const char *name)
{
	for (aws_xml *c = n ? n->child : NULL; c; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

aws_xml *aws_xml_find(const aws_xml *n, const char *path)
{
	while (n && *path) {
		size_t l = strcspn(path, "/");
		char step[128];
		if (l >= sizeof step)
			return NULL;
		memcpy(step, path, l);
		step[l] = 0;
		n = aws_xml_child(n, step);
		path += l + (path[l] == '/');
	}
	return (aws_xml *)n;
}

const char *aws_xml_text(const aws_xml *n) { return n ? n->text : ""; }

const char *aws_xml_str(const aws_xml *n, const char *path)
{
	aws_xml *x = aws_xml_find(n, path);
	return x ? x->text : NULL;
}

bool aws_xml_int(const aws_xml *n, const char *path, long long *out)
{
	const char *s = aws_xml_str(n, path);
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

bool aws_xml_bool(const aws_xml *n, const char *path, bool *out)
{
	const char *s = aws_xml_str(n, path);
	if (!s || (strcmp(s, "true") && strcmp(s, "false")))
		return false;
	*out = s[0] == 't';
	return true;
}

aws_xml *aws_xml_first(const aws_xml *list)
{
	for (aws_xml *c = list ? list->child : NULL; c; c = c->next)
		if (is_item(c))
			return c;
	return NULL;
}

aws_xml *aws_xml_next(const aws_xml *item)
{
	for (aws_xml *c = item ? item->next : NULL; c; c = c->next)
		if (strcmp(c->name, item->name) == 0)
			return c;
	return NULL;
}

size_t aws_xml_count(const aws_xml *list)
{
	size_t n = 0;
	aws_xml_each(it, list)
		n++;
	return n;
}
