#include "source.h"
#include "extract_csv.h"
#include "util/fs.h"
#include "util/log.h"
#include <string.h>
#include <time.h>
#include "util/banned.h"

#define SOURCE_MAX_BYTES ((size_t)1 << 30)

int source_run_one(const struct config *cfg, const struct source *s,
		   struct obs_table *t)
{
	struct buf path = BUF_INIT, raw = BUF_INIT, err = BUF_INIT;
	struct obs_source rec = { 0 };
	char stamp[21], sha[65];
	size_t idx;
	int rc = 0;

	rec.id = s->id;
	rec.kind = s->kind;
	rec.title = s->title;
	rec.note = s->note;
	rec.path = s->path;
	rec.url = s->url;
	path_join(&path, cfg->dir, s->path);
	iso_time((long long)time(NULL), stamp);
	if (file_read(path.buf, &raw, SOURCE_MAX_BYTES, &err)) {
		rec.state = SRC_FAILED;
		rec.error = err.buf;
		obs_add_source(t, &rec);
		errorf("%s", err.buf);
		rc = -1;
		goto out;
	}
	sha256_hex(raw.buf, raw.len, sha);
	memcpy(rec.sha256, sha, sizeof(sha));
	rec.bytes = (long long)raw.len;
	rec.fetched_at = stamp;
	rec.state = SRC_FRESH;
	idx = obs_add_source(t, &rec);
	if (extract_csv(s, raw.buf, raw.len, path.buf,
			cfg->profile.year_from - 10, cfg->profile.year_to, t, idx,
			&err)) {
		t->sources[idx].state = SRC_FAILED;
		t->sources[idx].error = buf_detach(&err, NULL);
		errorf("%s", t->sources[idx].error);
		rc = -1;
		goto out;
	}
	debugf("%zu observations from %s", t->sources[idx].nobs, path.buf);
out:
	buf_release(&path);
	buf_release(&raw);
	buf_release(&err);
	return rc;
}

int sources_run(const struct config *cfg, struct obs_table *t)
{
	int failed = 0;
	for (size_t i = 0; i < cfg->nsources; i++) {
		log_set_source(cfg->sources[i].id);
		failed += source_run_one(cfg, &cfg->sources[i], t) != 0;
		log_set_source(NULL);
	}
	obs_sort(t);
	return failed;
}
