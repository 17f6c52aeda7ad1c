/* walk.h: the parallel walker.  A fixed pool of worker threads takes the
 * DAG's nodes as their dependencies finish, the longest remaining chain
 * (critical path) first; a failed node stops its descendants only; a stop
 * request lets the nodes in flight finish and starts nothing new.  What a
 * node does is the caller's run function (apply.h): this file only orders. */
#ifndef WALK_H
#define WALK_H

#include "compiler/dag.h"

#include <signal.h>

typedef enum walk_status {
	WALK_PENDING,    /* not started (the walk was stopped first) */
	WALK_OK,
	WALK_FAILED,
	WALK_SKIPPED,    /* a dependency failed */
} walk_status;

typedef struct walk_opts {
	unsigned parallelism;                   /* workers; 0 means 10 */
	bool (*run)(void *ud, cl_node *n);      /* from a worker thread; false: failed */
	void *ud;
	volatile sig_atomic_t *stop;            /* non-zero: start nothing new */
	volatile sig_atomic_t *halt;            /* the same, set by the caller's run (may be NULL) */
	/* Called every tick_secs while a node runs (Still creating... lines). */
	void (*tick)(void *ud, cl_node *n, unsigned elapsed_secs);
	unsigned tick_secs;
} walk_opts;

typedef struct walk_result {
	walk_status *status;                    /* by node id; caller frees */
	unsigned ok, failed, skipped, pending;
	unsigned max_parallel;                  /* most nodes seen running at once */
} walk_result;

/* Runs every node of g (g must be ordered: cl_dag_order).  True when every
 * node ran and succeeded. */
bool walk_run(cl_dag *g, const walk_opts *o, walk_result *r);

#endif
