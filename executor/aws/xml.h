/* xml.h: an AWS response as a small read-only tree of elements (libxml2
 * parses; namespaces are dropped), with typed accessors.  Lists are the
 * item/member children of a container element.  Not a general XML API. */
#ifndef AWS_XML_H
#define AWS_XML_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aws_xml aws_xml;
struct aws_xml {
	const char *name;              /* local name: "vpcId" */
	const char *text;              /* a leaf's text; "" for an element with children */
	aws_xml *parent, *child, *next;
};

/* Returns the root element, which owns the whole tree; NULL with *err
 * (caller frees) when the text is not well-formed XML. */
aws_xml *aws_xml_parse(const char *data, size_t len, char **err);
void aws_xml_free(aws_xml *root);

/* All accessors take NULL and give NULL (or false) back, so paths chain. */
aws_xml *aws_xml_child(const aws_xml *n, const char *name);
aws_xml *aws_xml_find(const aws_xml *n, const char *path);       /* "vpc/vpcId" */
const char *aws_xml_text(const aws_xml *n);                      /* "" for NULL */
const char *aws_xml_str(const aws_xml *n, const char *path);     /* NULL if absent */
bool aws_xml_int(const aws_xml *n, const char *path, long long *out);
bool aws_xml_bool(const aws_xml *n, const char *path, bool *out);

/* Iteration over a list container's item/member elements. */
aws_xml *aws_xml_first(const aws_xml *list);
aws_xml *aws_xml_next(const aws_xml *item);
size_t aws_xml_count(const aws_xml *list);
#define aws_xml_each(it, list) \
	for (aws_xml *it = aws_xml_first(list); it; it = aws_xml_next(it))

/* For pagination: parse another page into root's memory, then move its
 * list items into root's lists at the same paths. */
aws_xml *aws_xml_parse_more(aws_xml *root, const char *data, size_t len, char **err);
void aws_xml_merge(aws_xml *into, aws_xml *from);

#endif
