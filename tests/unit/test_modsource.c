/* test_modsource.c: module source addresses (compiler/modsource.c) as
 * Terraform normalizes them in modules.json, and version constraints
 * (compiler/modversion.c) as hashicorp/go-version reads them. */
#include "compiler/modsource.h"
#include "fetch/fetch.h"
#include "tap.h"

static cl_arena A;

/* One address: its kind and normalized form, and the git parts. */
static void addr(const char *src, cl_modsrc_kind kind, const char *norm, const char *url, const char *ref,
                 const char *subdir)
{
	cl_modsrc m = cl_modsrc_parse(&A, src);
	char name[256];
	snprintf(name, sizeof name, "%s: kind", src);
	is_int(m.kind, kind, name);
	if (kind == CL_MODSRC_BAD) {
		ok(m.why && *m.why, "and a reason to show");
		return;
	}
	snprintf(name, sizeof name, "%s: recorded as", src);
	is_str(m.addr, norm, name);
	if (url) {
		snprintf(name, sizeof name, "%s: url", src);
		is_str(m.url, url, name);
	}
	snprintf(name, sizeof name, "%s: ref", src);
	is_str(m.ref ? m.ref : "-", ref ? ref : "-", name);
	snprintf(name, sizeof name, "%s: subdir", src);
	is_str(m.subdir ? m.subdir : "-", subdir ? subdir : "-", name);
}

static void version(const char *v, const char *c, bool want)
{
	bool bad;
	char name[256];
	snprintf(name, sizeof name, "%s %s \"%s\"", v, want ? "satisfies" : "does not satisfy", c ? c : "(none)");
	ok(cl_modversion_ok(v, c, &bad) == want && !bad, name);
}

int main(void)
{
	cl_arena_init(&A);
	addr("./modules/net", CL_MODSRC_LOCAL, "./modules/net", NULL, NULL, NULL);
	addr("../net", CL_MODSRC_LOCAL, "../net", NULL, NULL, NULL);
	addr("git::https://example.com/net.git", CL_MODSRC_GIT, "git::https://example.com/net.git",
	     "https://example.com/net.git", NULL, NULL);
	addr("git::https://example.com/net.git//modules/vpc?ref=v1.2.0", CL_MODSRC_GIT,
	     "git::https://example.com/net.git//modules/vpc?ref=v1.2.0", "https://example.com/net.git", "v1.2.0",
	     "modules/vpc");
	addr("git::ssh://git@example.com/org/net.git//sub", CL_MODSRC_GIT, "git::ssh://git@example.com/org/net.git//sub",
	     "ssh://git@example.com/org/net.git", NULL, "sub");
	addr("git@github.com:org/net.git?ref=main", CL_MODSRC_GIT, "git::ssh://git@github.com/org/net.git?ref=main",
	     "ssh://git@github.com/org/net.git", "main", NULL);
	addr("git::file:///srv/repos/net", CL_MODSRC_GIT, "git::file:///srv/repos/net", "file:///srv/repos/net", NULL,
	     NULL);
	addr("github.com/fonsecas72/mod-network", CL_MODSRC_GIT, "git::https://github.com/fonsecas72/mod-network.git",
	     "https://github.com/fonsecas72/mod-network.git", NULL, NULL);
	addr("github.com/org/net//modules/vpc?ref=v2", CL_MODSRC_GIT, "git::https://github.com/org/net.git//modules/vpc?ref=v2",
	     "https://github.com/org/net.git", "v2", "modules/vpc");
	addr("terraform-aws-modules/vpc/aws", CL_MODSRC_REGISTRY, "registry.terraform.io/terraform-aws-modules/vpc/aws",
	     NULL, NULL, NULL);
	addr("app.example.io/corp/vpc/aws//modules/x", CL_MODSRC_REGISTRY, "app.example.io/corp/vpc/aws//modules/x", NULL,
	     NULL, "modules/x");
	addr("localhost:8443/corp/vpc/aws", CL_MODSRC_REGISTRY, "localhost:8443/corp/vpc/aws", NULL, NULL, NULL);
	addr("https://example.com/net.tar.gz", CL_MODSRC_ARCHIVE, "https://example.com/net.tar.gz",
	     "https://example.com/net.tar.gz", NULL, NULL);
	addr("hg::https://example.com/net", CL_MODSRC_BAD, NULL, NULL, NULL, NULL);
	addr("git::https://example.com/net.git?depth=1", CL_MODSRC_BAD, NULL, NULL, NULL, NULL);
	addr("git::ftp://example.com/net.git", CL_MODSRC_BAD, NULL, NULL, NULL, NULL);
	addr("https://example.com/page", CL_MODSRC_BAD, NULL, NULL, NULL, NULL);
	addr("modules/net", CL_MODSRC_BAD, NULL, NULL, NULL, NULL);
	addr("a/b/c/d/e", CL_MODSRC_BAD, NULL, NULL, NULL, NULL);

	version("1.2.0", NULL, true);
	version("1.2.0-beta", NULL, false);
	version("1.2.0-beta", "1.2.0-beta", true);
	version("1.2.0-beta", ">= 1.0", false);
	version("1.2.5", "~> 1.2", true);
	version("2.0.0", "~> 1.2", false);
	version("1.2.5", "~> 1.2.0", true);
	version("1.3.0", "~> 1.2.0", false);
	version("1.2.0", "~> 1.2.1", false);
	version("1.2.0", ">= 1.1, < 1.2.5", true);
	version("1.2.5", ">= 1.1, < 1.2.5", false);
	version("1.2.3", "!= 1.2.3", false);
	version("1.2", "= 1.2.0", true);
	version("v1.0.0", "1.0.0", true);
	version("1.0.0+build7", "1.0.0", true);
	ok(cl_modversion_cmp("1.10.0", "1.9.0") > 0, "1.10.0 is newer than 1.9.0");
	ok(cl_modversion_cmp("1.0.0-rc1", "1.0.0") < 0, "a pre-release comes before its release");
	bool bad;
	ok(!cl_modversion_ok("1.0.0", "about 1", &bad) && bad, "\"about 1\" is not a constraint");
	ok(!cl_modversion_ok("1.0.0", ">= 1.0,", &bad) && bad, "nor is a trailing comma");
	cl_arena_free(&A);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
