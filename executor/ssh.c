/* ssh.c: the SSH client of the remote-exec and file provisioners (see
 * ssh.h), on libssh2.  Errors are worded as Terraform's (Go's) are, so that
 * a user searching for them finds the same advice: "dial tcp H:P: connect:
 * connection refused", "SSH authentication failed (u@h:p): ...". */
#include "executor/ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <libssh2.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct cl_ssh {
	int fd;
	LIBSSH2_SESSION *s;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init(void) { libssh2_init(0); }

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static const char *last_error(LIBSSH2_SESSION *s)
{
	char *msg = NULL;
	libssh2_session_last_error(s, &msg, NULL, 0);
	return msg && *msg ? msg : "unknown error";
}

/* A TCP connection to host:port within the seconds left; -1 with err. */
static int dial(const char *host, int port, double left, char *err, size_t len)
{
	char service[16];
	snprintf(service, sizeof service, "%d", port);
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
	int rc = getaddrinfo(host, service, &hints, &ai);
	if (rc != 0) {
		snprintf(err, len, "dial tcp: lookup %s: %s", host, gai_strerror(rc));
		return -1;
	}
	int fd = -1;
	for (struct addrinfo *p = ai; p; p = p->ai_next) {
		fd = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, p->ai_protocol);
		if (fd < 0)
			continue;
		int e = connect(fd, p->ai_addr, p->ai_addrlen) == 0 ? 0 : errno;
		if (e == EINPROGRESS) {
			struct pollfd pf = { fd, POLLOUT, 0 };
			int ms = left > 0 ? (int)(left * 1000) : 0;
			if (poll(&pf, 1, ms) == 1) {
				socklen_t l = sizeof e;
				getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l);
			} else {
				e = ETIMEDOUT;
			}
		}
		if (e == 0) {
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
			int on = 1;
			setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);   /* a dead host ends the command */
			break;
		}
		if (e == ETIMEDOUT)
			snprintf(err, len, "dial tcp %s:%d: i/o timeout", host, port);
		else
			snprintf(err, len, "dial tcp %s:%d: connect: %s", host, port, strerror(e));
		if (e == ECONNREFUSED)   /* Go's wording, lower case */
			snprintf(err, len, "dial tcp %s:%d: connect: connection refused", host, port);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* host_key's key blob (the base64 word of "type AAAA... [comment]"). */
static unsigned char *key_blob(const char *text, size_t *n, char *type, size_t typelen)
{
	const char *sp = strchr(text, ' ');
	if (!sp) {
		*type = 0;
		sp = text - 1;   /* the key alone, without its type */
	} else {
		snprintf(type, typelen, "%.*s", (int)(sp - text), text);
	}
	const char *b = sp + 1;
	size_t bl = strcspn(b, " \n\r\t");
	unsigned char *out = malloc(bl + 4);
	int got = out ? EVP_DecodeBlock(out, (const unsigned char *)b, (int)bl) : -1;
	if (got < 0) {
		free(out);
		return NULL;
	}
	while (bl && b[bl - 1] == '=' && got > 0) {   /* EVP_DecodeBlock counts the padding */
		got--;
		bl--;
	}
	*n = (size_t)got;
	return out;
}

/* keyboard-interactive: every prompt gets the password (the session's abstract). */
static void kbd(const char *name, int nl, const char *inst, int il, int np, const LIBSSH2_USERAUTH_KBDINT_PROMPT *p,
                LIBSSH2_USERAUTH_KBDINT_RESPONSE *r, void **abstract)
{
	const char *pw = *abstract;
	for (int i = 0; i < np; i++) {
		r[i].text = strdup(pw ? pw : "");
		r[i].length = r[i].text ? (unsigned)strlen(r[i].text) : 0;
	}
	(void)name, (void)nl, (void)inst, (void)il, (void)p;
}

/* Agent keys, in the agent's order (or the one named by identity). */
static bool agent_auth(LIBSSH2_SESSION *s, const cl_ssh_opts *o)
{
	LIBSSH2_AGENT *ag = libssh2_agent_init(s);
	if (!ag)
		return false;
	bool ok = false;
	if (libssh2_agent_connect(ag) == 0 && libssh2_agent_list_identities(ag) == 0) {
		struct libssh2_agent_publickey *id = NULL, *prev = NULL;
		while (!ok && libssh2_agent_get_identity(ag, &id, prev) == 0) {
			if (!o->agent_identity || (id->comment && !strcmp(id->comment, o->agent_identity)))
				ok = libssh2_agent_userauth(ag, o->user, id) == 0;
			prev = id;
		}
		libssh2_agent_disconnect(ag);
	}
	libssh2_agent_free(ag);
	return ok;
}

/* One attempt: 0 connected, 1 retry (err says why), 2 fatal. */
static int attempt(cl_ssh *c, const cl_ssh_opts *o, double left, char *err, size_t len)
{
	/* An attempt started in time gets time to finish (as Go's, which the
	 * retry loop does not cut short), so that the error it reports is what
	 * went wrong, not that a loaded machine was slow. */
	if (left < 10)
		left = 10;
	c->fd = dial(o->host, o->port, left, err, len);
	if (c->fd < 0)
		return 1;
	c->s = libssh2_session_init_ex(NULL, NULL, NULL, (void *)o->password);
	if (!c->s) {
		snprintf(err, len, "cannot start an SSH session (out of memory)");
		return 2;
	}
	libssh2_session_set_timeout(c->s, (long)(left * 1000));
	char want_type[64] = "";
	size_t want_n = 0;
	unsigned char *want = o->host_key ? key_blob(o->host_key, &want_n, want_type, sizeof want_type) : NULL;
	if (o->host_key && !want) {
		snprintf(err, len, "host_key is not a public key (\"ssh-ed25519 AAAA...\")");
		return 2;
	}
	/* Ask the host for the kind of key we know, as Go's knownhosts does. */
	if (!strncmp(want_type, "ssh-rsa", 7))
		libssh2_session_method_pref(c->s, LIBSSH2_METHOD_HOSTKEY, "rsa-sha2-512,rsa-sha2-256,ssh-rsa");
	else if (want_type[0])
		libssh2_session_method_pref(c->s, LIBSSH2_METHOD_HOSTKEY, want_type);
	char who[512];
	snprintf(who, sizeof who, "%s@%s:%d", o->user, o->host, o->port);
	if (libssh2_session_handshake(c->s, c->fd) != 0) {
		snprintf(err, len, "SSH authentication failed (%s): ssh: handshake failed: %s", who, last_error(c->s));
		free(want);
		return 1;
	}
	if (want) {
		size_t got_n = 0;
		int type = 0;
		const char *got = libssh2_session_hostkey(c->s, &got_n, &type);
		bool same = got && got_n == want_n && !memcmp(got, want, want_n);
		free(want);
		if (!same) {
			snprintf(err, len, "SSH authentication failed (%s): ssh: handshake failed: knownhosts: key mismatch",
			         who);
			return 1;
		}
	}
	bool ok = false;
	char methods[64] = "none";
	if (o->private_key) {
		strcat(methods, " publickey");
		int rc = libssh2_userauth_publickey_frommemory(c->s, o->user, strlen(o->user), NULL, 0, o->private_key,
		                                               strlen(o->private_key), NULL);
		ok = rc == 0;
		if (!ok && rc != LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED && rc != LIBSSH2_ERROR_AUTHENTICATION_FAILED) {
			snprintf(err, len, "Failed to parse ssh private key: %s", last_error(c->s));
			return 2;
		}
	}
	if (!ok && o->password) {
		strcat(methods, " password keyboard-interactive");
		ok = libssh2_userauth_password(c->s, o->user, o->password) == 0 ||
		     libssh2_userauth_keyboard_interactive(c->s, o->user, kbd) == 0;
	}
	if (!ok && o->agent) {
		if (!strstr(methods, "publickey"))
			strcat(methods, " publickey");
		ok = agent_auth(c->s, o);
	}
	if (!ok) {
		snprintf(err, len,
		         "SSH authentication failed (%s): ssh: handshake failed: ssh: unable to authenticate, "
		         "attempted methods [%s], no supported methods remain",
		         who, methods);
		return 1;
	}
	libssh2_session_set_timeout(c->s, 0);   /* a command may run as long as it needs */
	return 0;
}

static void drop(cl_ssh *c)
{
	if (c->s) {
		libssh2_session_disconnect(c->s, "done");
		libssh2_session_free(c->s);
	}
	if (c->fd >= 0)
		close(c->fd);
	c->s = NULL;
	c->fd = -1;
}

cl_ssh *cl_ssh_connect(const cl_ssh_opts *o, char *err, size_t errlen)
{
	pthread_once(&once, init);
	cl_ssh *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->fd = -1;
	double end = now() + o->timeout, delay = 0;
	char last[1024] = "";
	for (;;) {
		char line[1200];
		snprintf(line, sizeof line,
		         "Connecting to remote host via SSH...\n  Host: %s\n  User: %s\n  Password: %s\n"
		         "  Private key: %s\n  Certificate: false\n  SSH Agent: %s\n  Checking Host Key: %s\n"
		         "  Target Platform: unix",
		         o->host, o->user, o->password ? "true" : "false", o->private_key ? "true" : "false",
		         o->agent ? "true" : "false", o->host_key ? "true" : "false");
		o->say(o->ud, line);
		int rc = attempt(c, o, end - now(), last, sizeof last);
		if (rc == 0) {
			o->say(o->ud, "Connected!");
			return c;
		}
		drop(c);
		if (rc == 2) {
			snprintf(err, errlen, "%s", last);
			break;
		}
		/* Terraform's backoff: 0, then 1 s doubling up to 10 s. */
		delay = delay == 0 ? 1 : delay * 2 > 10 ? 10 : delay * 2;
		double left = end - now();
		if (left <= 0 || delay > left) {
			if (left > 0)
				usleep((useconds_t)(left * 1e6));
			snprintf(err, errlen, "timeout - last error: %s", last);
			break;
		}
		usleep((useconds_t)(delay * 1e6));
	}
	free(c);
	return NULL;
}

/* Splits output into lines (a pty ends them with \r\n) for line(). */
typedef struct lines {
	char buf[8192];
	size_t n;
	void (*line)(void *ud, const char *text);
	void *ud;
} lines;

static void feed(lines *l, const char *p, size_t n, bool flush)
{
	for (size_t i = 0; i < n || (flush && l->n); i++) {
		char ch = i < n ? p[i] : '\n';
		if (ch == '\n' || l->n == sizeof l->buf - 1) {
			while (l->n && l->buf[l->n - 1] == '\r')
				l->n--;
			l->buf[l->n] = 0;
			if (l->line)   /* NULL: output not wanted (chmod, mkdir) */
				l->line(l->ud, l->buf);
			l->n = 0;
			if (ch == '\n')
				continue;
		}
		if (i < n)
			l->buf[l->n++] = ch;
	}
}

int cl_ssh_run(cl_ssh *c, const char *cmd, void (*line)(void *ud, const char *text), void *ud, char *err,
               size_t errlen)
{
	LIBSSH2_CHANNEL *ch = libssh2_channel_open_session(c->s);
	if (!ch) {
		snprintf(err, errlen, "cannot open an SSH session: %s", last_error(c->s));
		return -1;
	}
	/* A pty, as Terraform asks for (sudo and many installers want one):
	 * no echo, 14400 baud; its output, stdout and stderr, comes as one. */
	static const char modes[] = { 53, 0, 0, 0, 0, (char)128, 0, 0, 0x38, 0x40, (char)129, 0, 0, 0x38, 0x40, 0 };
	if (libssh2_channel_request_pty_ex(ch, "xterm", 5, modes, sizeof modes, 80, 40, 0, 0) != 0 ||
	    libssh2_channel_exec(ch, cmd) != 0) {
		snprintf(err, errlen, "cannot start %s: %s", cmd, last_error(c->s));
		libssh2_channel_free(ch);
		return -1;
	}
	lines *l = calloc(1, sizeof *l);
	if (!l) {
		libssh2_channel_free(ch);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l->line = line;
	l->ud = ud;
	char buf[4096];
	ssize_t n;
	while ((n = libssh2_channel_read(ch, buf, sizeof buf)) > 0)
		feed(l, buf, (size_t)n, false);
	while (n == 0 && (n = libssh2_channel_read_stderr(ch, buf, sizeof buf)) > 0)
		feed(l, buf, (size_t)n, false);
	feed(l, NULL, 0, true);
	free(l);
	int status = -1;
	if (n < 0) {
		snprintf(err, errlen, "reading the output of %s: %s", cmd, last_error(c->s));
	} else {
		libssh2_channel_close(ch);
		libssh2_channel_wait_closed(ch);
		char *sig = NULL;
		libssh2_channel_get_exit_signal(ch, &sig, NULL, NULL, NULL, NULL, NULL);
		if (sig) {
			snprintf(err, errlen, "Process exited with signal %s", sig);
			libssh2_free(c->s, sig);
		} else {
			status = libssh2_channel_get_exit_status(ch);
		}
	}
	libssh2_channel_free(ch);
	return status;
}

bool cl_ssh_upload(cl_ssh *c, const char *path, const char *data, size_t n, int mode, char *err, size_t errlen)
{
	LIBSSH2_CHANNEL *ch = libssh2_scp_send64(c->s, path, mode & 0777, (libssh2_int64_t)n, 0, 0);
	if (!ch) {
		snprintf(err, errlen, "scp to %s: %s", path, last_error(c->s));
		return false;
	}
	size_t off = 0;
	while (off < n) {
		ssize_t w = libssh2_channel_write(ch, data + off, n - off);
		if (w < 0) {
			snprintf(err, errlen, "scp to %s: %s", path, last_error(c->s));
			libssh2_channel_free(ch);
			return false;
		}
		off += (size_t)w;
	}
	/* The protocol's end of file: one zero byte, which libssh2 leaves to
	 * us; without it the remote scp ends in error. */
	if (libssh2_channel_write(ch, "", 1) != 1) {
		snprintf(err, errlen, "scp to %s: %s", path, last_error(c->s));
		libssh2_channel_free(ch);
		return false;
	}
	libssh2_channel_send_eof(ch);
	libssh2_channel_wait_eof(ch);
	libssh2_channel_wait_closed(ch);
	int status = libssh2_channel_get_exit_status(ch);
	libssh2_channel_free(ch);
	if (status != 0) {
		snprintf(err, errlen, "scp to %s: the remote scp exited with status %d", path, status);
		return false;
	}
	return true;
}

void cl_ssh_close(cl_ssh *c)
{
	if (!c)
		return;
	drop(c);
	free(c);
}

bool cl_ssh_duration(const char *t, double *seconds)
{
	double total = 0;
	bool any = false;
	while (*t) {
		char *end;
		double v = strtod(t, &end);
		if (end == t || v < 0)
			return false;
		t = end;
		static const struct { const char *unit; double s; } units[] = {
			{ "ns", 1e-9 }, { "us", 1e-6 }, { "µs", 1e-6 }, { "ms", 1e-3 }, { "s", 1 }, { "m", 60 }, { "h", 3600 },
		};
		size_t k = 0;
		for (; k < sizeof units / sizeof *units; k++)
			if (!strncmp(t, units[k].unit, strlen(units[k].unit)) &&
			    !(units[k].unit[0] == 'm' && !units[k].unit[1] && t[1] == 's'))
				break;
		if (k == sizeof units / sizeof *units)
			return false;
		total += v * units[k].s;
		t += strlen(units[k].unit);
		any = true;
	}
	*seconds = total;
	return any;
}

char *cl_ssh_quote(const char *text)
{
	size_t n = 3;
	for (const char *p = text; *p; p++)
		n += *p == '\'' ? 4 : 1;
	char *out = malloc(n), *o = out;
	if (!out)
		return NULL;
	*o++ = '\'';
	for (const char *p = text; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = 0;
	return out;
}
