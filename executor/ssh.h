/* ssh.h: an SSH client for the remote-exec and file provisioners (libssh2):
 * connect with Terraform's retries until the connection timeout, run a
 * command on a pty, upload a file over SCP.  What to run and upload is the
 * provisioners' business (provision_remote.c), not this file's. */
#ifndef CL_SSH_H
#define CL_SSH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cl_ssh cl_ssh;

typedef struct cl_ssh_opts {
	const char *host, *user;
	int port;
	const char *password, *private_key;  /* NULL: not used */
	const char *host_key;                /* "ssh-ed25519 AAAA...": the only key accepted; NULL: any */
	bool agent;                          /* also try the keys of ssh-agent (SSH_AUTH_SOCK) */
	const char *agent_identity;          /* only the agent key with this comment */
	double timeout;                      /* seconds to keep retrying the connection */
	void (*say)(void *ud, const char *line);   /* "Connecting to remote host via SSH..." */
	void *ud;
} cl_ssh_opts;

/* Connects, checks the host key and authenticates, retrying as Terraform
 * does until the timeout; NULL with err ("timeout - last error: ...") when
 * it could not.  A private key that cannot be read fails at once. */
cl_ssh *cl_ssh_connect(const cl_ssh_opts *o, char *err, size_t errlen);

/* Runs a command on a pty; each output line goes to line (if not NULL).  Its exit status,
 * or -1 with err when the command could not be run. */
int cl_ssh_run(cl_ssh *s, const char *cmd, void (*line)(void *ud, const char *text), void *ud, char *err,
               size_t errlen);

/* Writes data to path on the host (SCP) with the given mode; false with err. */
bool cl_ssh_upload(cl_ssh *s, const char *path, const char *data, size_t n, int mode, char *err, size_t errlen);

void cl_ssh_close(cl_ssh *s);

/* A Go duration ("5m", "30s", "1m30s", "500ms") in seconds; false if bad. */
bool cl_ssh_duration(const char *text, double *seconds);

/* The text quoted for a POSIX shell: 'a b' -> "'a b'". */
char *cl_ssh_quote(const char *text);

#endif
