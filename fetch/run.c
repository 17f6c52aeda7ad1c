/* run.c: the child processes fetching needs (git), without a shell, and
 * the directory chores around an install: removing a failed one, finding a
 * symbolic link that leads out of a module. */
#include "fetch/fetch.h"
#include "util/fatal.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int fetch_run(char *const argv[], cl_buf *out, cl_buf *err)
{
	int po[2], pe[2];
	if (pipe(po) != 0 || pipe(pe) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]), close(pe[0]), close(po[1]), close(pe[1]);
		setenv("GIT_TERMINAL_PROMPT", "0", 1);   /* never wait for a password */
		execvp(argv[0], argv);
		_exit(127);
	}
	close(po[1]), close(pe[1]);
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	cl_buf *to[2] = { out, err };
	int open_fds = 2;
	char chunk[4096];
	while (open_fds) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
			if (n > 0 && to[i]) {
				cl_buf_add(to[i], chunk, (size_t)n);
			} else if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)f;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

void fetch_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *walk_root;
static char *walk_found;

static int check_link(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)f;
	if (flag != FTW_SL && flag != FTW_SLN)
		return 0;
	char *to = realpath(p, NULL);
	size_t n = strlen(walk_root);
	/* A dangling link is judged by where it would point. */
	if (!to) {
		char target[PATH_MAX];
		ssize_t k = readlink(p, target, sizeof target - 1);
		target[k > 0 ? k : 0] = 0;
		if (target[0] == '/' || strstr(target, "..")) {
			walk_found = cl_xstrdup(p);
			return 1;
		}
		return 0;
	}
	bool inside = !strncmp(to, walk_root, n) && (to[n] == '/' || to[n] == 0);
	free(to);
	if (!inside) {
		walk_found = cl_xstrdup(p);
		return 1;
	}
	return 0;
}

char *fetch_escaping_link(const char *dir)
{
	char *root = realpath(dir, NULL);
	if (!root)
		return NULL;
	walk_root = root;
	walk_found = NULL;
	nftw(dir, check_link, 16, FTW_PHYS);
	free(root);
	return walk_found;
}
