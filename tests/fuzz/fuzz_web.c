/*
 * libFuzzer harness: the web extractors (gumbo + selectors + html-table and
 * html-list rules, cJSON + paths for json, rank cells, name matching) on any
 * bytes, with the rules of tests/fixtures/web.
 */
#include "extract/html.h"
#include "extract/json.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;
static int loaded;

static void run(const char *id, const char *doc, size_t len)
{
	struct obs_table t;
	struct buf err = BUF_INIT;
	struct obs_source rec = { 0 };
	for (size_t i = 0; i < cfg.nsources; i++) {
		const struct source *s = &cfg.sources[i];
		struct extract_ctx x = { s, &cfg.profile, "fuzz", 0, NULL };
		if (strcmp(s->id, id))
			continue;
		x.page_year = s->pages_from ? 2021 : 0;
		obs_init(&t);
		rec.id = s->id;
		obs_add_source(&t, &rec);
		if (s->kind_id == KIND_JSON)
			extract_json(&x, doc, len, &t, 0, &err);
		else if (s->kind_id == KIND_HTML_TABLE)
			extract_html_table(&x, doc, len, &t, 0, &err);
		else
			extract_html_list(&x, doc, len, &t, 0, &err);
		obs_release(&t);
	}
	buf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *doc;
	if (!loaded) {
		struct buf errors = BUF_INIT;
		if (config_load(&cfg, "tests/fixtures/web", &errors))
			abort();
		buf_release(&errors);
		loaded = 1;
	}
	/* the extractors take NUL-terminated buffers, as struct buf gives */
	doc = malloc(size + 1);
	if (!doc)
		abort();
	memcpy(doc, data, size);
	doc[size] = '\0';
	run("rank-a", doc, size);
	run("news", doc, size);
	run("rank-b", doc, size);
	free(doc);
	return 0;
}
