/* test_walk.c: the parallel walker: order, parallelism, failure isolation,
 * critical path first, stop requests. */
#include "executor/walk.h"
#include "tap.h"

#include <pthread.h>
#include <unistd.h>

typedef struct trace {
	pthread_mutex_t mu;
	unsigned order[64], n;
	const char *fail;          /* address of a node that fails */
	volatile sig_atomic_t *stop_after_first;
	unsigned sleep_us;
} trace;

static bool run(void *ud, cl_node *n)
{
	trace *t = ud;
	usleep(t->sleep_us);
	pthread_mutex_lock(&t->mu);
	t->order[t->n++] = n->id;
	if (t->stop_after_first)
		*t->stop_after_first = 1;
	pthread_mutex_unlock(&t->mu);
	return !(t->fail && !strcmp(t->fail, n->addr));
}

static unsigned pos(const trace *t, unsigned id)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->order[i] == id)
			return i;
	return 999;
}

static cl_node *node(cl_dag *g, const char *addr, unsigned ms)
{
	cl_node *n = cl_dag_add(g, CL_N_RESOURCE, addr, NULL, 0, NULL);
	n->expected_ms = ms;
	return n;
}

int main(void)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_diags d = { 0 };
	cl_loc none = { 0 };

	/* vpc <- subnet_a, subnet_b <- instance; igw independent. */
	cl_dag g = { .arena = &a };
	cl_node *vpc = node(&g, "vpc", 10), *sa = node(&g, "subnet_a", 10), *sb = node(&g, "subnet_b", 10);
	cl_node *inst = node(&g, "instance", 100), *igw = node(&g, "igw", 1);
	cl_dag_edge(&g, sa, vpc, none);
	cl_dag_edge(&g, sb, vpc, none);
	cl_dag_edge(&g, inst, sa, none);
	cl_dag_edge(&g, inst, sb, none);
	ok(cl_dag_order(&g, &d), "the graph orders");
	is_int(vpc->path_ms, 120, "critical path from vpc: 10 + 10 + 100");
	is_int(g.critical_ms, 120, "critical path of the graph");
	is_int(inst->depth, 2, "depth of the instance");

	trace t = { PTHREAD_MUTEX_INITIALIZER };
	walk_opts o = { .parallelism = 4, .run = run, .ud = &t };
	walk_result r;
	ok(walk_run(&g, &o, &r), "every node succeeds");
	is_int(r.ok, 5, "five nodes ran");
	ok(pos(&t, vpc->id) < pos(&t, sa->id) && pos(&t, vpc->id) < pos(&t, sb->id), "subnets after the vpc");
	ok(pos(&t, sa->id) < pos(&t, inst->id) && pos(&t, sb->id) < pos(&t, inst->id), "instance after both subnets");
	free(r.status);

	/* One worker: the critical path goes first (vpc before igw). */
	t.n = 0;
	o.parallelism = 1;
	walk_run(&g, &o, &r);
	is_int(t.order[0], vpc->id, "with one worker the longest chain starts first");
	is_int(r.max_parallel, 1, "never more than one at a time");
	free(r.status);

	/* A failure stops its descendants only. */
	t.n = 0;
	t.fail = "subnet_a";
	o.parallelism = 4;
	ok(!walk_run(&g, &o, &r), "a failure makes the walk fail");
	is_int(r.status[sa->id], WALK_FAILED, "the failed node");
	is_int(r.status[inst->id], WALK_SKIPPED, "its dependent is skipped");
	is_int(r.status[sb->id], WALK_OK, "an independent sibling finishes");
	is_int(r.status[igw->id], WALK_OK, "an independent branch finishes");
	free(r.status);

	/* Parallelism: 20 independent nodes, 5 workers. */
	cl_dag wide = { .arena = &a };
	for (int i = 0; i < 20; i++)
		node(&wide, cl_arena_printf(&a, "n%d", i), 1);
	cl_dag_order(&wide, &d);
	t.n = 0;
	t.fail = NULL;
	t.sleep_us = 20000;
	o.parallelism = 5;
	walk_run(&wide, &o, &r);
	is_int(r.ok, 20, "all twenty ran");
	is_int(r.max_parallel, 5, "five ran at once, no more");
	free(r.status);

	/* A stop request: what is in flight finishes, nothing new starts. */
	volatile sig_atomic_t stop = 0;
	t.n = 0;
	t.stop_after_first = &stop;
	o.parallelism = 1;
	o.stop = &stop;
	ok(!walk_run(&g, &o, &r), "a stopped walk is not a success");
	is_int(r.ok, 1, "only the node in flight finished");
	is_int(r.pending, 4, "the others were never started");
	free(r.status);

	/* A cycle is reported, with every step. */
	cl_dag cyc = { .arena = &a };
	cl_node *x = node(&cyc, "x", 1), *y = node(&cyc, "y", 1);
	cl_dag_edge(&cyc, x, y, none);
	cl_dag_edge(&cyc, y, x, none);
	cl_diags cd = { 0 };
	ok(!cl_dag_order(&cyc, &cd), "a cycle does not order");
	is_int(cd.nerrors, 1, "one error");
	ok(cd.n && strstr(cd.v[0].msg, "x -> y -> x") , "the message names the loop");
	cl_diags_free(&cd);
	cl_arena_free(&a);
	return tap_done();
}
