/* profile.c: reads the shared AWS files in their INI dialect: [name] in
 * credentials, [profile name] (or [default]) and [services name] in config,
 * "key = value", # and ; comments, indented "sub = value" under "key =". */
#include "executor/aws/profile.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct aws_profile_entry {
	char *key, *value;
	aws_profile_entry *next;
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s)) s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
	return s;
}

/* An inline comment needs white space before it, so values may hold '#'. */
static void strip_comment(char *s)
{
	for (char *p = s; *p; p++)
		if ((*p == '#' || *p == ';') && (p == s || isspace((unsigned char)p[-1]))) {
			*p = 0;
			return;
		}
}

static void lower(char *s)
{
	for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

/* "profile  x" -> "x" when the word matches; NULL otherwise. */
static const char *after_word(const char *section, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(section, word, n) != 0 || !isspace((unsigned char)section[n]))
		return NULL;
	section += n;
	while (isspace((unsigned char)*section)) section++;
	return section;
}

typedef bool (*section_match)(const char *section, const char *name);

static bool match_credentials(const char *s, const char *name) { return strcmp(s, name) == 0; }

static bool match_config(const char *s, const char *name)
{
	const char *p = after_word(s, "profile");
	if (p)
		return strcmp(p, name) == 0;
	return strcmp(name, "default") == 0 && strcmp(s, "default") == 0;
}

static bool match_services(const char *s, const char *name)
{
	const char *p = after_word(s, "services");
	return p && strcmp(p, name) == 0;
}

/* Appends the entries of every section of path that matches name to *tail.
 * Returns -1 when the file cannot be read, else whether a section matched. */
static int read_section(const char *path, section_match match, const char *name,
                        aws_profile_entry ***tail)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *line = NULL, parent[256] = "";
	size_t cap = 0;
	bool in = false, found = false;
	while (getline(&line, &cap, f) > 0) {
		bool indented = isspace((unsigned char)line[0]);
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');
			if (e) *e = 0;
			in = match(trim(s + 1), name);
			found |= in;
			parent[0] = 0;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!in || !eq)
			continue;
		*eq = 0;
		char *k = trim(s), *v = eq + 1;
		strip_comment(v);
		v = trim(v);
		lower(k);
		if (indented && parent[0]) {
			aws_profile_entry *e = cl_xcalloc(1, sizeof *e);
			size_t n = strlen(parent) + strlen(k) + 2;
			e->key = cl_xmalloc(n);
			snprintf(e->key, n, "%s.%s", parent, k);
			e->value = cl_xstrdup(v);
			**tail = e, *tail = &e->next;
			continue;
		}
		if (!*v) {                  /* "ec2 =" opens nested settings */
			snprintf(parent, sizeof parent, "%s", k);
			continue;
		}
		parent[0] = 0;
		aws_profile_entry *e = cl_xcalloc(1, sizeof *e);
		e->key = cl_xstrdup(k);
		e->value = cl_xstrdup(v);
		**tail = e, *tail = &e->next;
	}
	free(line);
	fclose(f);
	return found;
}

static char *home_file(const char *env, const char *rel)
{
	const char *v = getenv(env);
	if (v && *v)
		return cl_xstrdup(v);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/";
	}
	size_t n = strlen(home) + strlen(rel) + 2;
	char *s = cl_xmalloc(n);
	snprintf(s, n, "%s/%s", home, rel);
	return s;
}

void aws_profile_load(aws_profile *p, const char *name)
{
	memset(p, 0, sizeof *p);
	p->name = cl_xstrdup(name);
	p->credentials_path = home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	p->config_path = home_file("AWS_CONFIG_FILE", ".aws/config");
	aws_profile_entry **tail = &p->entries;
	int r = read_section(p->credentials_path, match_credentials, name, &tail);
	p->credentials_found = r >= 0;
	p->in_credentials = r > 0;
	r = read_section(p->config_path, match_config, name, &tail);
	p->config_found = r >= 0;
	p->in_config = r > 0;
	const char *svc = aws_profile_get(p, "services");
	if (svc && p->config_found) {
		tail = &p->services;
		read_section(p->config_path, match_services, svc, &tail);
	}
}

static const char *lookup(const aws_profile_entry *e, const char *key)
{
	for (; e; e = e->next)
		if (strcasecmp(e->key, key) == 0)
			return e->value;
	return NULL;
}

const char *aws_profile_get(const aws_profile *p, const char *key)
{
	return p ? lookup(p->entries, key) : NULL;
}

const char *aws_profile_service_get(const aws_profile *p, const char *service,
                                    const char *key)
{
	if (!p)
		return NULL;
	char k[128];
	snprintf(k, sizeof k, "%s.%s", service, key);
	return lookup(p->services, k);
}

static void free_entries(aws_profile_entry *e)
{
	while (e) {
		aws_profile_entry *next = e->next;
		free(e->key);
		free(e->value);
		free(e);
		e = next;
	}
}

void aws_profile_free(aws_profile *p)
{
	free_entries(p->entries);
	free_entries(p->services);
	free(p->name);
	free(p->credentials_path);
	free(p->config_path);
	memset(p, 0, sizeof *p);
}
