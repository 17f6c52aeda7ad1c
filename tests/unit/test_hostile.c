/* test_hostile.c: inputs made to hurt: a state file, an AWS response and a
 * configuration with huge numbers, a million levels of nesting, 100 MB
 * strings, wrong types, invalid UTF-8 and entity tricks.  Each must end in
 * an error (or a sane result), never a crash, a hang or a memory blow-up.
 * The big inputs are made in memory; the whole test stays under ~20 s. */
#include "executor/aws/error.h"
#include "executor/aws/xml.h"
#include "executor/state.h"
#include "grammar/ast.h"
#include "util/buf.h"
#include "tap.h"

#include <stdlib.h>
#include <time.h>

#define MB (1024 * 1024)

/* head, then unit n times, then tail: one buffer (len in *len). */
static char *repeat(const char *head, const char *unit, size_t n, const char *tail, size_t *len)
{
	size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
	*len = h + u * n + t;
	char *s = malloc(*len + 1);
	if (!s)
		abort();
	memcpy(s, head, h);
	if (u == 1)
		memset(s + h, unit[0], n);
	else
		for (size_t i = 0; i < n; i++)
			memcpy(s + h + i * u, unit, u);
	memcpy(s + h + u * n, tail, t + 1);
	return s;
}

/* The first diagnostic, shown as a comment: what the user would read. */
static void show(const cl_diags *d)
{
	if (d->n)
		printf("#   %s\n", d->v[0].msg);
}

/* ---- the state reader ---- */

static bool state_fails(const char *text, size_t len)
{
	cl_diags d = { 0 };
	cl_state *st = NULL;
	bool r = cl_state_parse("hostile.tfstate", text, len, &st, &d);
	show(&d);
	bool failed = !r && !st && d.nerrors > 0;
	cl_state_free(st);
	cl_diags_free(&d);
	return failed;
}

#define STATE_HEAD "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"resources\":[{\"mode\":\"managed\"," \
	"\"type\":\"aws_vpc\",\"name\":\"a\",\"provider\":\"p\",\"instances\":["

static void state_cases(void)
{
	static const struct { const char *text, *name; } bad[] = {
		{ "{\"version\":4,\"serial\":1e400,\"lineage\":\"l\"}", "a serial of 1e400" },
		{ "{\"version\":4,\"serial\":123456789012345678901234567890,\"lineage\":\"l\"}", "a serial past 64 bits" },
		{ "{\"version\":4,\"serial\":-1,\"lineage\":\"l\"}", "a negative serial" },
		{ "{\"version\":1e400,\"serial\":1,\"lineage\":\"l\"}", "a version of 1e400" },
		{ STATE_HEAD "{\"attributes\":{\"n\":-1e400}}]}]}", "an attribute of -1e400" },
		{ "[]", "an array" },
		{ "\"state\"", "a string" },
		{ "{\"version\":\"4\",\"serial\":1,\"lineage\":\"l\"}", "version as a string" },
		{ "{\"version\":4,\"serial\":\"1\",\"lineage\":\"l\"}", "serial as a string" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":7}", "lineage as a number" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"resources\":{}}", "resources as an object" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"resources\":[1]}", "a resource as a number" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"resources\":[{\"mode\":\"managed\",\"type\":\"t\","
		  "\"name\":\"n\",\"provider\":\"p\",\"instances\":{}}]}", "instances as an object" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"resources\":[{\"mode\":1,\"type\":[],"
		  "\"name\":{},\"provider\":null,\"instances\":[]}]}", "a resource's strings as other types" },
		{ STATE_HEAD "\"x\"]}]}", "an instance as a string" },
		{ STATE_HEAD "[]]}]}", "an instance as an array" },
		{ STATE_HEAD "{\"index_key\":true}]}]}", "index_key as a bool" },
		{ STATE_HEAD "{\"attributes\":[]}]}]}", "attributes as an array" },
		{ STATE_HEAD "{\"status\":7}]}]}", "status as a number" },
		{ STATE_HEAD "{\"deposed\":12345678}]}]}", "deposed as a number" },
		{ STATE_HEAD "{\"schema_version\":\"1\"}]}]}", "schema_version as a string" },
		{ STATE_HEAD "{\"private\":1}]}]}", "private as a number" },
		{ STATE_HEAD "{\"dependencies\":\"aws_vpc.b\"}]}]}", "dependencies as a string" },
		{ STATE_HEAD "{\"dependencies\":[1]}]}]}", "a dependency as a number" },
		{ STATE_HEAD "{\"sensitive_attributes\":{}}]}]}", "sensitive_attributes as an object" },
		{ STATE_HEAD "{\"create_before_destroy\":\"yes\"}]}]}", "create_before_destroy as a string" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"outputs\":[]}", "outputs as an array" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"outputs\":{\"o\":\"v\"}}", "an output as a string" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"outputs\":{\"o\":{\"value\":1,\"type\":\"number\","
		  "\"sensitive\":\"no\"}}}", "an output's sensitive as a string" },
		{ "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"terraform_version\":4}", "terraform_version as a number" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[128];
		snprintf(name, sizeof name, "state: %s is an error", bad[i].name);
		ok(state_fails(bad[i].text, strlen(bad[i].text)), name);
	}

	size_t len;
	char *s = repeat("", "[", 1000000, "", &len);
	ok(state_fails(s, len), "state: 1e6 nested arrays are an error");
	free(s);
	s = repeat(STATE_HEAD "{\"attributes\":{\"a\":", "{\"a\":", 1000000, "", &len);
	ok(state_fails(s, len), "state: 1e6 nested objects inside attributes are an error");
	free(s);

	/* A 100 MB attribute is well-formed: it reads, whole. */
	s = repeat(STATE_HEAD "{\"attributes\":{\"id\":\"", "x", 100 * MB, "\"}}]}]}", &len);
	cl_diags d = { 0 };
	cl_state *st = NULL;
	ok(cl_state_parse("big.tfstate", s, len, &st, &d) && st && st->nres == 1, "state: a 100 MB attribute reads");
	json_t *id = st && st->nres ? json_object_get(st->res[0]->objs[0]->attrs, "id") : NULL;
	is_int(json_string_length(id), 100 * MB, "state: all of it");
	cl_state_free(st);
	cl_diags_free(&d);
	free(s);
}

/* ---- AWS responses ---- */

static bool xml_fails(const char *text, size_t len, const char *forbidden)
{
	char *err = NULL;
	aws_xml *x = aws_xml_parse(text, len, &err);
	if (err)
		printf("#   %s\n", err);
	bool failed = !x && err;
	if (x && forbidden && strstr(aws_xml_text(x), forbidden))
		printf("#   the text holds \"%s\"\n", forbidden);
	aws_xml_free(x);
	free(err);
	/* The error reader sees the same body: it must fall back to the status. */
	aws_error e;
	aws_error_parse(&e, 503, text, len);
	return failed && strcmp(e.code, "ServiceUnavailable") == 0;
}

static const char laughs[] =
	"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
	" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	"]>\n<Response><Errors><Error><Code>&lol9;</Code><Message a=\"&lol9;\">x</Message></Error></Errors></Response>";

static void xml_cases(void)
{
	time_t t0 = time(NULL);
	ok(xml_fails(laughs, strlen(laughs), NULL), "xml: billion laughs is an error");
	ok(time(NULL) - t0 < 5, "xml: ... at once");

	static const char *const bad[][3] = {
		{ "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r>&e;</r>",
		  "xml: an external entity is an error", "root:" },
		{ "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:9/r.dtd\"><r>x</r>",
		  "xml: a DOCTYPE is an error (no DTD is fetched)", NULL },
		{ "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r/>",
		  "xml: a parameter entity is an error", NULL },
		{ "<r>\xff\xfe\xc3</r>", "xml: invalid UTF-8 is an error", NULL },
		{ "<r>&#0;</r>", "xml: a NUL character reference is an error", NULL },
		{ "<r><a></r>", "xml: a mismatched tag is an error", NULL },
		{ "", "xml: an empty body is an error", NULL },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ok(xml_fails(bad[i][0], strlen(bad[i][0]), bad[i][2]), bad[i][1]);

	size_t len;
	char *s = repeat("<?xml version=\"1.0\"?>", "<a>", 1000000, "", &len);
	ok(xml_fails(s, len, NULL), "xml: 1e6 nested elements are an error");
	free(s);
	s = repeat("<Response><Errors><Error><Code>", "x", 100 * MB, "</Code></Error></Errors></Response>", &len);
	ok(xml_fails(s, len, NULL), "xml: a 100 MB text is an error");
	free(s);
	s = repeat("<Response>", "<a/>", 100 * MB / 4, "</Response>", &len);
	ok(xml_fails(s, len, NULL), "xml: a 100 MB body of small elements is an error");
	free(s);
}

/* ---- configurations ---- */

static bool cl_fails(const char *text, size_t len)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_diags d = { 0 };
	cl_source *src = cl_source_new("hostile.cl", text, len);
	cl_file *f = cl_parse_file(&a, src, &d);
	show(&d);
	bool failed = f && d.nerrors > 0;
	cl_diags_free(&d);
	cl_arena_free(&a);
	cl_source_free(src);
	return failed;
}

static void config_cases(void)
{
	static const struct { const char *head, *unit, *tail, *name; } deep[] = {
		{ "a = ", "[", "", "1e6 nested brackets" },
		{ "a = ", "(", "1", "1e6 nested parentheses" },
		{ "a = ", "{a=", "", "1e6 nested objects" },
		{ "a = ", "-", "1", "a unary chain of 1e6" },
		{ "a = ", "!", "true", "a not chain of 1e6" },
		{ "a = \"", "${\"", "", "1e6 nested templates" },
		{ "", "b {\n", "", "1e6 nested blocks" },
		{ "a = x", "[0]", "[", "1e6 index steps, then garbage" },
	};
	for (size_t i = 0; i < sizeof deep / sizeof *deep; i++) {
		size_t len;
		char *s = repeat(deep[i].head, deep[i].unit, 1000000, deep[i].tail, &len);
		char name[128];
		snprintf(name, sizeof name, "config: %s is an error", deep[i].name);
		ok(cl_fails(s, len), name);
		free(s);
	}
	static const char inval[] = "a = \"\xff\xfe\"\n\xc3 = 1\n";
	ok(cl_fails(inval, sizeof inval - 1), "config: invalid UTF-8 is an error");
	static const char nul[] = "a = 1\0b = 2\n";
	ok(cl_fails(nul, sizeof nul - 1), "config: a NUL byte is an error");

	size_t len;
	char *s = repeat("a = \"", "x", 100 * MB, "", &len);
	ok(cl_fails(s, len), "config: an unterminated 100 MB string is an error");
	free(s);
	s = repeat("a = <<EOT\n", "x", 100 * MB, "\n", &len);
	ok(cl_fails(s, len), "config: an unterminated 100 MB heredoc is an error");
	free(s);
}

int main(void)
{
	state_cases();
	xml_cases();
	config_cases();
	return tap_done();
}
