/* awscall.c: a test tool over the AWS wire client.  Makes one call and
 * prints the answer as XML (or the error as "CODE: message", exit 1), or,
 * with --bench, runs many calls from many threads and prints counters.
 *
 *   awscall [--all] [--after-create] SERVICE ACTION [Key=Value...]
 *                                           SERVICE: ec2 elb autoscaling
 *   awscall --bench N --workers W [SERVICE ACTION [Key=Value...]]
 */
#include "executor/aws/client.h"
#include "util/buf.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(void)
{
	fprintf(stderr, "usage: awscall [--all] [--after-create] SERVICE ACTION [Key=Value...]\n"
	                "       awscall --bench N --workers W [SERVICE ACTION [Key=Value...]]\n");
	exit(2);
}

static bool service_of(const char *name, aws_service *out)
{
	for (int i = 0; i < AWS_NSERVICES; i++)
		if (strcmp(name, aws_services[i].name) == 0 ||
		    strcmp(name, aws_services[i].signing) == 0) {
			*out = (aws_service)i;
			return true;
		}
	return false;
}

static void escape(const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '&': fputs("&amp;", stdout); break;
		default: putchar(*s);
		}
}

static void print_xml(const aws_xml *n, int depth)
{
	printf("%*s<%s>", depth * 2, "", n->name);
	if (!n->child) {
		escape(n->text);
	} else {
		putchar('\n');
		for (const aws_xml *c = n->child; c; c = c->next)
			print_xml(c, depth + 1);
		printf("%*s", depth * 2, "");
	}
	printf("</%s>\n", n->name);
}

typedef struct bench {
	aws_client *client;
	aws_service service;
	const char *action;
	aws_params *params;
	atomic_long left, failed;
} bench;

static void *worker(void *u)
{
	bench *b = u;
	while (atomic_fetch_sub(&b->left, 1) > 0) {
		aws_xml *x;
		aws_error e;
		if (aws_call(b->client, b->service, b->action, b->params, &x, &e)) {
			aws_xml_free(x);
		} else {
			char msg[1200];
			if (atomic_fetch_add(&b->failed, 1) < 3)
				fprintf(stderr, "awscall: %s\n", aws_error_format(&e, msg, sizeof msg));
		}
	}
	return NULL;
}

static int run_bench(aws_client *c, aws_service s, const char *action, aws_params *p,
                     long n, int workers)
{
	bench b = { c, s, action, p, n, 0 };
	pthread_t *t = calloc((size_t)workers, sizeof *t);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < workers; i++)
		pthread_create(&t[i], NULL, worker, &b);
	for (int i = 0; i < workers; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(t);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	aws_stats st;
	aws_client_stats(c, &st);
	printf("calls=%ld failed=%ld requests=%ld retries=%ld throttles=%ld server_errors=%ld "
	       "network_errors=%ld seconds=%.3f calls_per_s=%.1f requests_per_s=%.1f\n",
	       st.calls, (long)b.failed, st.requests, st.retries, st.throttles, st.server_errors,
	       st.network_errors, secs, (double)st.calls / secs, (double)st.requests / secs);
	return b.failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	long bench_n = 0;
	int workers = 10, i = 1;
	bool all = false, after_create = false;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--all") == 0)
			all = true;
		else if (strcmp(argv[i], "--after-create") == 0)
			after_create = true;
		else if (strcmp(argv[i], "--bench") == 0 && i + 1 < argc)
			bench_n = atol(argv[++i]);
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc)
			workers = atoi(argv[++i]);
		else
			usage();
	}
	const char *svc = i < argc ? argv[i++] : bench_n ? "ec2" : NULL;
	const char *action = i < argc ? argv[i++] : bench_n ? "DescribeVpcs" : NULL;
	aws_service s;
	if (!svc || !action || workers < 1)
		usage();
	if (!service_of(svc, &s)) {
		fprintf(stderr, "awscall: unknown service \"%s\" (ec2, elb, autoscaling, s3, dynamodb)\n",
		        svc);
		return 2;
	}
	aws_params *p = aws_params_new(s);
	if (after_create)
		aws_params_after_create(p);
	for (; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			usage();
		*eq = 0;
		aws_params_add(p, argv[i], eq + 1);
	}

	cl_diags d = { 0 };
	aws_settings set = { 0 };
	aws_config cfg;
	aws_client *c = NULL;
	if (!aws_config_load(&cfg, &set, &d) || !(c = aws_client_new(&cfg, &d))) {
		cl_diags_print(stderr, &d, false);
		return 1;
	}
	int rc;
	if (bench_n) {
		rc = run_bench(c, s, action, p, bench_n, workers);
	} else {
		aws_xml *x;
		aws_error e;
		bool ok = all ? aws_call_all(c, s, action, p, &x, &e) : aws_call(c, s, action, p, &x, &e);
		if (ok) {
			print_xml(x, 0);
			aws_xml_free(x);
		} else {
			char msg[1200];
			fprintf(stderr, "%s\n", aws_error_format(&e, msg, sizeof msg));
		}
		rc = ok ? 0 : 1;
	}
	aws_client_free(c);
	aws_config_free(&cfg);
	aws_params_free(p);
	cl_diags_free(&d);
	return rc;
}
