/* walk.c: the worker pool.  One mutex guards the scheduling state: the
 * ready heap (by critical path), per-node counts of unfinished
 * dependencies, and the statuses.  Workers sleep on a condition variable;
 * a ticker thread wakes every second to report long-running nodes. */
#include "executor/walk.h"
#include "util/fatal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct walker {
	cl_dag *g;
	const walk_opts *o;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	cl_node **heap;           /* ready nodes, max-heap on path_ms */
	unsigned nheap;
	unsigned *waiting;        /* unfinished dependencies per node */
	unsigned *nusers, *ustart;
	cl_node **users;          /* flat: the nodes waiting for each node */
	walk_status *status;
	time_t *started;          /* when each running node started, else 0 */
	time_t *next_tick;        /* when to report it next */
	unsigned running, remaining, max_parallel;
	bool done;                /* no more work will come */
} walker;

static bool before(const cl_node *a, const cl_node *b)
{
	/* Longer remaining chain first; then the earlier node, for stable runs. */
	return a->path_ms > b->path_ms || (a->path_ms == b->path_ms && a->topo < b->topo);
}

static void heap_push(walker *w, cl_node *n)
{
	unsigned i = w->nheap++;
	w->heap[i] = n;
	while (i > 0 && before(w->heap[i], w->heap[(i - 1) / 2])) {
		cl_node *t = w->heap[i];
		w->heap[i] = w->heap[(i - 1) / 2];
		w->heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static cl_node *heap_pop(walker *w)
{
	cl_node *top = w->heap[0];
	w->heap[0] = w->heap[--w->nheap];
	for (unsigned i = 0;;) {
		unsigned l = 2 * i + 1, r = l + 1, m = i;
		if (l < w->nheap && before(w->heap[l], w->heap[m]))
			m = l;
		if (r < w->nheap && before(w->heap[r], w->heap[m]))
			m = r;
		if (m == i)
			break;
		cl_node *t = w->heap[i];
		w->heap[i] = w->heap[m];
		w->heap[m] = t;
		i = m;
	}
	return top;
}

/* A node will not run: neither will anything that waits for it. */
static void skip_users(walker *w, cl_node *n)
{
	for (unsigned j = w->ustart[n->id]; j < w->ustart[n->id + 1]; j++) {
		cl_node *u = w->users[j];
		if (w->status[u->id] != WALK_PENDING)
			continue;
		w->status[u->id] = WALK_SKIPPED;
		w->remaining--;
		skip_users(w, u);
	}
}

/* Start nothing new: the user asked, or the state cannot be written. */
static bool stopped(const walker *w)
{
	return (w->o->stop && *w->o->stop) || (w->o->halt && *w->o->halt);
}

static void finish(walker *w, cl_node *n, bool ok)
{
	w->status[n->id] = ok ? WALK_OK : WALK_FAILED;
	w->started[n->id] = 0;
	w->running--;
	w->remaining--;
	if (!ok) {
		skip_users(w, n);
	} else {
		for (unsigned j = w->ustart[n->id]; j < w->ustart[n->id + 1]; j++) {
			cl_node *u = w->users[j];
			if (--w->waiting[u->id] == 0 && w->status[u->id] == WALK_PENDING)
				heap_push(w, u);
		}
	}
	if (w->remaining == 0 || (w->running == 0 && (!w->nheap || stopped(w))))
		w->done = true;
	pthread_cond_broadcast(&w->cv);
}

static void *worker(void *arg)
{
	walker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->done && (!w->nheap || stopped(w)))
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->done)
			break;
		cl_node *n = heap_pop(w);
		w->running++;
		if (w->running > w->max_parallel)
			w->max_parallel = w->running;
		w->started[n->id] = time(NULL);
		w->next_tick[n->id] = w->started[n->id] + w->o->tick_secs;
		pthread_mutex_unlock(&w->mu);
		bool ok = w->o->run(w->o->ud, n);
		pthread_mutex_lock(&w->mu);
		finish(w, n, ok);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Reports nodes that run long, and notices a stop request while every
 * worker sleeps. */
static void *ticker(void *arg)
{
	walker *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->done) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&w->cv, &w->mu, &ts);
		if (stopped(w) && w->running == 0) {
			w->done = true;
			pthread_cond_broadcast(&w->cv);
		}
		if (!w->o->tick || !w->o->tick_secs)
			continue;
		time_t now = time(NULL);
		for (unsigned i = 0; i < w->g->n; i++) {
			if (!w->started[i] || now < w->next_tick[i])
				continue;
			w->next_tick[i] += w->o->tick_secs;
			w->o->tick(w->o->ud, w->g->v[i], (unsigned)(now - w->started[i]));
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

bool walk_run(cl_dag *g, const walk_opts *o, walk_result *r)
{
	walker w = { .g = g, .o = o };
	unsigned n = g->n;
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	w.heap = cl_xcalloc(n + 1, sizeof *w.heap);
	w.waiting = cl_xcalloc(n + 1, sizeof *w.waiting);
	w.nusers = cl_xcalloc(n + 1, sizeof *w.nusers);
	w.ustart = cl_xcalloc(n + 2, sizeof *w.ustart);
	w.status = cl_xcalloc(n + 1, sizeof *w.status);
	w.started = cl_xcalloc(n + 1, sizeof *w.started);
	w.next_tick = cl_xcalloc(n + 1, sizeof *w.next_tick);
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < g->v[i]->ndeps; j++)
			w.nusers[g->v[i]->deps[j].to->id]++;
	for (unsigned i = 0; i < n; i++)
		w.ustart[i + 1] = w.ustart[i] + w.nusers[i];
	w.users = cl_xcalloc(w.ustart[n] + 1, sizeof *w.users);
	memset(w.nusers, 0, n * sizeof *w.nusers);
	for (unsigned i = 0; i < n; i++) {
		cl_node *nd = g->v[i];
		w.waiting[i] = nd->ndeps;
		for (unsigned j = 0; j < nd->ndeps; j++) {
			unsigned k = nd->deps[j].to->id;
			w.users[w.ustart[k] + w.nusers[k]++] = nd;
		}
	}
	for (unsigned i = 0; i < n; i++)
		if (!w.waiting[i])
			heap_push(&w, g->v[i]);
	w.remaining = n;
	w.done = n == 0;
	unsigned nworkers = o->parallelism ? o->parallelism : 10;
	pthread_t *threads = cl_xcalloc(nworkers, sizeof *threads);
	pthread_t tick;
	pthread_create(&tick, NULL, ticker, &w);
	for (unsigned i = 0; i < nworkers; i++)
		pthread_create(&threads[i], NULL, worker, &w);
	for (unsigned i = 0; i < nworkers; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_lock(&w.mu);
	w.done = true;
	pthread_cond_broadcast(&w.cv);
	pthread_mutex_unlock(&w.mu);
	pthread_join(tick, NULL);
	memset(r, 0, sizeof *r);
	r->status = w.status;
	r->max_parallel = w.max_parallel;
	for (unsigned i = 0; i < n; i++) {
		switch (w.status[i]) {
		case WALK_OK: r->ok++; break;
		case WALK_FAILED: r->failed++; break;
		case WALK_SKIPPED: r->skipped++; break;
		case WALK_PENDING: r->pending++; break;
		}
	}
	free(threads);
	free(w.heap);
	free(w.waiting);
	free(w.nusers);
	free(w.ustart);
	free(w.users);
	free(w.started);
	free(w.next_tick);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	return r->ok == n;
}
