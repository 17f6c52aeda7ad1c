/* modsource.c: module source addresses (see modsource.h), after
 * Terraform's addrs.ParseModuleSource and go-getter's detectors: the
 * normalized address is what Terraform writes in .terraform/modules. */
#include "compiler/modsource.h"

#include <ctype.h>
#include <string.h>

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Splits "URL//sub?q" into the URL with its query, and sub (go-getter's
 * SourceDirSubdir: a "//" that is not the scheme's). */
static void split_subdir(cl_arena *a, const char *s, const char **url, const char **subdir)
{
	const char *scheme = strstr(s, "://");
	const char *from = scheme ? scheme + 3 : s;
	const char *q = strchr(from, '?');
	const char *dbl = strstr(from, "//");
	if (!dbl || (q && dbl > q)) {
		*url = s;
		*subdir = NULL;
		return;
	}
	const char *end = q ? q : dbl + strlen(dbl);
	*subdir = cl_arena_strndup(a, dbl + 2, (size_t)(end - dbl - 2));
	*url = cl_arena_printf(a, "%.*s%s", (int)(dbl - s), s, q ? q : "");
}

/* Takes ?ref=X out of url; other query parameters are refused. */
static const char *take_ref(cl_arena *a, const char **url, const char **why)
{
	const char *q = strchr(*url, '?');
	if (!q)
		return NULL;
	if (!starts(q, "?ref=") || strchr(q + 5, '&') || !q[5]) {
		*why = "the only query parameter clicamosc reads from a git source is ?ref=REF";
		return NULL;
	}
	const char *ref = cl_arena_strdup(a, q + 5);
	*url = cl_arena_strndup(a, *url, (size_t)(q - *url));
	return ref;
}

static bool name_part(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

static bool host_part(const char *s, size_t n)
{
	bool dot = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' || s[i] == ':')
			dot = true;
		else if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	}
	return dot;
}

static bool registry(cl_arena *a, const char *s, cl_modsrc *m)
{
	const char *pkg, *subdir;
	split_subdir(a, s, &pkg, &subdir);
	const char *parts[5];
	size_t lens[5], n = 0;
	for (const char *p = pkg; n < 5; n++) {
		const char *slash = strchr(p, '/');
		parts[n] = p;
		lens[n] = slash ? (size_t)(slash - p) : strlen(p);
		if (!slash) {
			n++;
			break;
		}
		p = slash + 1;
	}
	if (n != 3 && n != 4)
		return false;
	unsigned h = n == 4;
	if (h && !host_part(parts[0], lens[0]))
		return false;
	for (unsigned i = h; i < n; i++)
		if (!name_part(parts[i], lens[i]))
			return false;
	m->kind = CL_MODSRC_REGISTRY;
	m->host = h ? cl_arena_strndup(a, parts[0], lens[0]) : CL_REGISTRY_DEFAULT_HOST;
	m->ns = cl_arena_strndup(a, parts[h], lens[h]);
	m->name = cl_arena_strndup(a, parts[h + 1], lens[h + 1]);
	m->system = cl_arena_strndup(a, parts[h + 2], lens[h + 2]);
	m->subdir = subdir;
	m->addr = cl_arena_printf(a, "%s/%s/%s/%s%s%s", m->host, m->ns, m->name, m->system, subdir ? "//" : "",
	                          subdir ? subdir : "");
	return true;
}

static cl_modsrc git(cl_arena *a, const char *rest)
{
	cl_modsrc m = { .kind = CL_MODSRC_GIT };
	const char *url;
	split_subdir(a, rest, &url, &m.subdir);
	m.ref = take_ref(a, &url, &m.why);
	if (m.why) {
		m.kind = CL_MODSRC_BAD;
		return m;
	}
	/* scp-like git@host:path is ssh://git@host/path */
	const char *colon = strchr(url, ':');
	if (!strstr(url, "://") && colon && strchr(url, '@') && strchr(url, '@') < colon)
		url = cl_arena_printf(a, "ssh://%.*s/%s", (int)(colon - url), url, colon + 1);
	if (!starts(url, "https://") && !starts(url, "http://") && !starts(url, "ssh://") && !starts(url, "file://") &&
	    !starts(url, "git://")) {
		m.kind = CL_MODSRC_BAD;
		m.why = "a git source is git::https://..., git::ssh://..., git@host:path, git::git://... or git::file:///path";
		return m;
	}
	m.url = url;
	m.addr = cl_arena_printf(a, "git::%s%s%s%s%s", url, m.subdir ? "//" : "", m.subdir ? m.subdir : "",
	                         m.ref ? "?ref=" : "", m.ref ? m.ref : "");
	return m;
}

static bool is_archive(const char *url)
{
	static const char *const exts[] = { ".zip", ".tar.gz", ".tgz", ".tar", NULL };
	const char *q = strchr(url, '?');
	size_t n = q ? (size_t)(q - url) : strlen(url);
	if (q && strstr(q, "archive="))
		return true;
	for (const char *const *e = exts; *e; e++) {
		size_t k = strlen(*e);
		if (n > k && !strncmp(url + n - k, *e, k))
			return true;
	}
	return false;
}

cl_modsrc cl_modsrc_parse(cl_arena *a, const char *s)
{
	cl_modsrc m = { .kind = CL_MODSRC_BAD };
	if (starts(s, "./") || starts(s, "../") || s[0] == '/' || !strcmp(s, ".") || !strcmp(s, "..")) {
		m.kind = CL_MODSRC_LOCAL;
		m.addr = s;
		return m;
	}
	if (starts(s, "git::"))
		return git(a, s + 5);
	const char *forced = strstr(s, "::"), *slash = strchr(s, '/');
	if (forced && (!slash || forced < slash)) {
		m.why = cl_arena_printf(a, "the %.*s:: source type is not supported: clicamosc installs git::, registry "
		                        "and http(s) archive sources", (int)(forced - s), s);
		return m;
	}
	if (starts(s, "github.com/")) {
		/* go-getter's GitHub detector: github.com/org/repo[.git][//sub][?ref=] */
		const char *url, *sub;
		split_subdir(a, s, &url, &sub);
		const char *q = strchr(url, '?');
		size_t n = q ? (size_t)(q - url) : strlen(url);
		bool dotgit = n > 4 && !strncmp(url + n - 4, ".git", 4);
		return git(a, cl_arena_printf(a, "https://%.*s%s%s%s%s", (int)n, url, dotgit ? "" : ".git", sub ? "//" : "",
		                              sub ? sub : "", q ? q : ""));
	}
	if (starts(s, "git@"))
		return git(a, s);
	if (starts(s, "https://") || starts(s, "http://")) {
		if (!is_archive(s)) {
			m.why = "an http(s) module source must name an archive (.zip, .tar.gz, .tgz, or ?archive=)";
			return m;
		}
		m.kind = CL_MODSRC_ARCHIVE;
		split_subdir(a, s, &m.url, &m.subdir);
		m.addr = s;
		return m;
	}
	if (registry(a, s, &m))
		return m;
	m.why = "a module source is a local path (./x, ../x), a registry address (NAMESPACE/NAME/SYSTEM), "
	        "git::URL, github.com/ORG/REPO, or an http(s) archive";
	return m;
}
