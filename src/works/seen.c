/* The record ids read so far: duplicate records counted once. */
#include "works/seen.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

void works_seen_init(struct works_seen *s)
{
	memset(s, 0, sizeof(*s));
	strtab_init(&s->ids);
	buf_init(&s->dup_id, 0);
}

void works_seen_release(struct works_seen *s)
{
	strtab_release(&s->ids);
	free(s->at);
	buf_release(&s->dup_id);
	memset(s, 0, sizeof(*s));
}

/*
 * The key of an id: a Web of Science UT without its database prefix, since
 * old exports write ISI:000123 where new ones write WOS:000123 for the same
 * record (the other formats' ids, 2-s2.0-... and W123, never start so).
 */
static void key_of(const char **id, size_t *len)
{
	if (*len > 4 && (!strncasecmp(*id, "WOS:", 4) || !strncasecmp(*id, "ISI:", 4))) {
		*id += 4;
		*len -= 4;
	}
}

int works_seen_claim(struct works_seen *s, const struct work *w, const char *file)
{
	const char *id = w->id;
	size_t len = strlen(id);
	size_t n = s->ids.n;
	uint32_t i;
	struct seen_at here = { file, w->line, w->numbered };

	key_of(&id, &len);
	if (!len)
		return 1;
	i = strtab_intern(&s->ids, id, len);
	if (i == n) {
		s->at = xgrow(s->at, &s->aat, (size_t)i + 1, sizeof(*s->at));
		s->at[i] = here;
		return 1;
	}
	if (!s->dups++) {
		s->dup = here;
		s->orig = s->at[i];
		buf_reset(&s->dup_id);
		buf_addstr(&s->dup_id, w->id);
	}
	return 0;
}

/* 'FILE':LINE, or 'FILE': work N in a JSON document. */
static void add_at(struct buf *out, const struct seen_at *at)
{
	buf_addf(out, at->numbered ? "'%s': work %llu" : "'%s':%llu", at->file,
		 (unsigned long long)at->line);
}

void works_seen_message(const struct works_seen *s, struct buf *out)
{
	buf_reset(out);
	if (!s->dups)
		return;
	add_at(out, &s->dup);
	buf_addstr(out, ": the record ");
	buf_add_excerpt(out, s->dup_id.buf, 60);
	buf_addstr(out, " was read before (");
	add_at(out, &s->orig);
	buf_addf(out, "); %llu duplicate record%s counted once", (unsigned long long)s->dups,
		 s->dups == 1 ? "" : "s");
}

int works_dedup_fn(const struct work *w, void *arg)
{
	struct works_dedup *d = arg;

	if (!works_seen_claim(d->seen, w, d->file)) {
		d->st->duplicates++;
		return 0;
	}
	return d->fn(w, d->arg);
}
