/* git.c: a module from a git repository, with the git command: the same
 * program Terraform's go-getter runs, so URL rewriting (insteadOf), ssh
 * keys and agents, and credential helpers work as the user set them up. */
#include "fetch/fetch.h"

#include <string.h>

/* git's complaint, for a message of ours: its "fatal:" line, else its
 * last line. */
static const char *complaint(cl_buf *b)
{
	char *s = (char *)cl_buf_str(b);
	char *fatal = strstr(s, "fatal: ");
	if (fatal) {
		fatal += 7;
		fatal[strcspn(fatal, "\r\n")] = 0;
		return fatal;
	}
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
	char *nl = strrchr(s, '\n');
	return nl ? nl + 1 : s;
}

/* The commit ref names: a tag, a branch of the remote, or a commit. */
static bool resolve(const char *dest, const char *ref, cl_buf *sha)
{
	const char *forms[] = { "%s^{commit}", "origin/%s^{commit}" };
	for (int i = 0; i < 2; i++) {
		cl_buf spec = CL_BUF_INIT;
		cl_buf_printf(&spec, forms[i], ref);
		char *argv[] = { "git", "-C", (char *)dest, "rev-parse", "--verify", "--quiet", "--end-of-options",
		                 (char *)cl_buf_str(&spec), NULL };
		cl_buf_reset(sha);
		int rc = fetch_run(argv, sha, NULL);
		cl_buf_free(&spec);
		if (rc == 0)
			return true;
	}
	return false;
}

bool fetch_git(const char *url, const char *ref, const char *dest, cl_range at, cl_diags *d)
{
	cl_buf err = CL_BUF_INIT, sha = CL_BUF_INIT;
	char *clone[] = { "git", "clone", "--quiet", "--no-checkout", "--", (char *)url, (char *)dest, NULL };
	int rc = fetch_run(clone, NULL, &err);
	bool ok = false;
	if (rc < 0) {
		cl_diag_error(d, at, "cannot run git to clone %s", url);
		cl_diag_hint(d, "install git (apt-get install git)");
	} else if (rc != 0) {
		cl_diag_error(d, at, "cannot clone %s: %s", url, complaint(&err));
		cl_diag_hint(d, "check that the repository exists and that git can reach it: git ls-remote %s", url);
	} else if (!resolve(dest, ref ? ref : "HEAD", &sha)) {
		cl_diag_error(d, at, "no ref \"%s\" in %s", ref ? ref : "HEAD", url);
		cl_diag_hint(d, "?ref= names a tag, a branch or a commit of the repository: git ls-remote %s lists them",
		             url);
	} else {
		char *s = (char *)cl_buf_str(&sha);
		s[strcspn(s, "\n")] = 0;
		char *checkout[] = { "git", "-C", (char *)dest, "checkout", "--quiet", "--detach", s, NULL };
		cl_buf_reset(&err);
		if (fetch_run(checkout, NULL, &err) != 0)
			cl_diag_error(d, at, "cannot check out %s of %s: %s", ref ? ref : "HEAD", url, complaint(&err));
		else
			ok = true;
	}
	cl_buf_free(&err);
	cl_buf_free(&sha);
	return ok;
}
