/* A parallel for over the items of a job (par.h). */
#include "works/par.h"
#include "util/xalloc.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "util/banned.h"

struct par {
	works_par_fn fn;
	void *arg;
	size_t n;
	atomic_size_t next;
};

struct par_thread {
	pthread_t tid;
	struct par *p;
	unsigned t;
};

static void loop(struct par *p, unsigned t)
{
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(p->arg, i, t);
}

static void *thread_main(void *arg)
{
	struct par_thread *pt = arg;

	loop(pt->p, pt->t);
	return NULL;
}

void works_par(unsigned jobs, size_t n, works_par_fn fn, void *arg)
{
	struct par p = { fn, arg, n, 0 };
	struct par_thread *th;
	unsigned started = 0;

	atomic_init(&p.next, 0);
	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1) {
		loop(&p, 0);
		return;
	}
	th = xcalloc(jobs, sizeof(*th));
	for (unsigned j = 1; j < jobs; j++) {
		th[started].p = &p;
		th[started].t = j;
		if (pthread_create(&th[started].tid, NULL, thread_main, &th[started]))
			break;
		started++;
	}
	loop(&p, 0);
	for (unsigned j = 0; j < started; j++)
		pthread_join(th[j].tid, NULL);
	free(th);
}
