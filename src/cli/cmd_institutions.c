/* intlkpi institutions: find OpenAlex and ROR ids of institutions. */
#include "cli/cli.h"
#include "sources/institutions.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/textnorm.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static const char institutions_usage[] =
	"usage: intlkpi institutions [--format table|json] [--write-profile [--pick N]]\n"
	"                            [--config DIR] NAME...\n"
	"\n"
	"Searches OpenAlex (/institutions?search=NAME, with the profile's contact\n"
	"e-mail and $OPENALEX_API_KEY) and ROR (organizations?query=NAME) and\n"
	"prints the candidates: source, OpenAlex id, ROR id, country, city, works\n"
	"count, type and name. With --write-profile, the profile entry (the\n"
	"university or a peer) named NAME gets the OpenAlex candidate number N\n"
	"(default 1): its openalex_id, its ror and \"ids_verified\": true.\n"
	"\n"
	"  --format F        table (default) or json\n"
	"  --write-profile   write the picked ids into DIR/profile.json\n"
	"  --pick N          which OpenAlex candidate to write (1 = the first)\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"$INTLKPI_OPENALEX_API and $INTLKPI_ROR_API replace the APIs' base URLs.\n";

/* Untrusted text for a terminal: control characters become '?', cut to max bytes. */
static void cell(struct buf *out, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && *s && n < max; s++, n++)
		buf_addch(out, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void print_table(const char *name, const struct inst_list *l)
{
	struct buf line = BUF_INIT;

	buf_addstr(&line, "candidates for '");
	cell(&line, name, 80);
	printf("%s':\n  #  source    openalex      ror        cc  works    type         name (city)\n",
	       line.buf);
	for (size_t i = 0; i < l->n; i++) {
		const struct inst_candidate *c = &l->v[i];
		char works[24] = "-";
		if (c->works >= 0)
			snprintf(works, sizeof(works), "%lld", c->works);
		buf_reset(&line);
		cell(&line, c->name ? c->name : "?", 60);
		if (c->city) {
			buf_addstr(&line, " (");
			cell(&line, c->city, 30);
			buf_addch(&line, ')');
		}
		printf("%3zu  %-8s  %-12s  %-9s  %-2s  %-7s  %-11.11s  %s\n", i + 1, c->from,
		       c->openalex_id ? c->openalex_id : "-", c->ror ? c->ror : "-",
		       c->country ? c->country : "-", works, c->type ? c->type : "-", line.buf);
	}
	if (!l->n)
		printf("  (none)\n");
	buf_release(&line);
}

static void json_candidates(struct buf *o, const char *name, const struct inst_list *l)
{
	buf_addstr(o, "{\"query\":");
	jsonw_string(o, name);
	buf_addstr(o, ",\"candidates\":[");
	for (size_t i = 0; i < l->n; i++) {
		const struct inst_candidate *c = &l->v[i];
		buf_addstr(o, i ? ",{\"source\":" : "{\"source\":");
		jsonw_string(o, c->from);
		buf_addstr(o, ",\"openalex_id\":");
		jsonw_string_or_null(o, c->openalex_id);
		buf_addstr(o, ",\"ror\":");
		jsonw_string_or_null(o, c->ror);
		buf_addstr(o, ",\"name\":");
		jsonw_string_or_null(o, c->name);
		buf_addstr(o, ",\"country\":");
		jsonw_string_or_null(o, c->country);
		buf_addstr(o, ",\"city\":");
		jsonw_string_or_null(o, c->city);
		buf_addstr(o, ",\"works_count\":");
		if (c->works >= 0)
			jsonw_int(o, c->works);
		else
			buf_addstr(o, "null");
		buf_addstr(o, ",\"type\":");
		jsonw_string_or_null(o, c->type);
		buf_addch(o, '}');
	}
	buf_addstr(o, "]}");
}

static bool same_name(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	bool eq;

	textnorm_name(a, &x);
	textnorm_name(b, &y);
	eq = !strcmp(x.buf, y.buf);
	buf_release(&x);
	buf_release(&y);
	return eq;
}

/* The profile entry named name (the university or a peer) in root, or NULL. */
static cJSON *profile_entry(cJSON *root, const char *name)
{
	cJSON *e, *n = cJSON_GetObjectItemCaseSensitive(root, "name");

	if (cJSON_IsString(n) && same_name(n->valuestring, name))
		return root;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "peers")) {
		n = cJSON_GetObjectItemCaseSensitive(e, "name");
		if (cJSON_IsString(n) && same_name(n->valuestring, name))
			return e;
	}
	return NULL;
}

static void set_string(cJSON *o, const char *key, const char *v)
{
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, cJSON_CreateString(v));
	else
		cJSON_AddStringToObject(o, key, v);
}

/* c's ids into the entry of name in root: 0, or -1 (reported). */
static int write_ids(cJSON *root, const char *name, const struct inst_candidate *c)
{
	cJSON *e = profile_entry(root, name);
	struct buf ror = BUF_INIT;

	if (!e) {
		errorf("no entry named '%s' in profile.json (the university or a peer)", name);
		return -1;
	}
	set_string(e, "openalex_id", c->openalex_id);
	if (c->ror) {
		buf_addf(&ror, "https://ror.org/%s", c->ror);
		set_string(e, "ror", ror.buf);
	}
	if (cJSON_GetObjectItemCaseSensitive(e, "ids_verified"))
		cJSON_ReplaceItemInObjectCaseSensitive(e, "ids_verified", cJSON_CreateTrue());
	else
		cJSON_AddTrueToObject(e, "ids_verified");
	notef("'%s': openalex_id %s, ror %s", name, c->openalex_id, c->ror ? c->ror : "(none)");
	buf_release(&ror);
	return 0;
}

/* The profile's contact e-mail (for mailto), or NULL; *root the parsed profile. */
static char *read_profile(const char *path, cJSON **root)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	const cJSON *m;
	char *mail = NULL;

	*root = NULL;
	if (!file_read(path, &text, 1 << 20, &err))
		*root = cJSON_Parse(text.buf);
	m = cJSON_GetObjectItemCaseSensitive(*root, "contact_email");
	if (cJSON_IsString(m))
		mail = m->valuestring;
	buf_release(&text);
	buf_release(&err);
	return mail;
}

int cmd_institutions(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "write-profile", no_argument, NULL, 'w' },
		{ "pick", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_parser p = CLI_PARSER(institutions_usage, "", opts);
	const char *config_dir = "indicators";
	bool json = false, write = false;
	long pick = 1;
	struct buf path = BUF_INIT, err = BUF_INIT, out = BUF_INIT;
	struct fetch_settings fs;
	cJSON *root;
	char *mail, *end;
	int c, rc = EXIT_OK;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "table"))) {
			json = !strcmp(optarg, "json");
		} else if (c == 'w') {
			write = true;
		} else if (c == 'p') {
			pick = strtol(optarg, &end, 10);
			if (*end || pick < 1 || pick > 25) {
				errorf("--pick: expected a candidate number from 1 to 25, not '%s'", optarg);
				return EXIT_USAGE;
			}
		} else if (c == 'c') {
			config_dir = optarg;
		} else {
			return cli_usage(&p);
		}
	}
	if (c < 0)
		return p.exit;
	if (optind >= argc) {
		errorf("institutions: give at least one NAME");
		return cli_usage(&p);
	}
	path_join(&path, config_dir, "profile.json");
	mail = read_profile(path.buf, &root);
	if (write && !root) {
		errorf("cannot read '%s' as JSON: --write-profile needs it", path.buf);
		buf_release(&path);
		return EXIT_USAGE;
	}
	fetch_settings_init(&fs, "intlkpi/" INTLKPI_VERSION);
	if (json)
		buf_addch(&out, '[');
	for (int i = optind; i < argc; i++) {
		struct inst_list oa = { 0 }, ror = { 0 };
		if (inst_search_openalex(argv[i], mail, &fs, &oa, &err)) {
			errorf("OpenAlex: %s", err.buf);
			rc = EXIT_STALE;
		}
		if (inst_search_ror(argv[i], &fs, &ror, &err)) {
			errorf("ROR: %s", err.buf);
			rc = EXIT_STALE;
		}
		if (write && (size_t)pick > oa.n) {
			errorf("'%s': OpenAlex has %zu candidate%s, no number %ld", argv[i], oa.n,
			       oa.n == 1 ? "" : "s", pick);
			rc = EXIT_USAGE;
		} else if (write && write_ids(root, argv[i], &oa.v[pick - 1])) {
			rc = EXIT_USAGE;
		}
		/* one list, OpenAlex's first: the ROR candidates move over */
		for (size_t k = 0; k < ror.n; k++) {
			oa.v = xgrow(oa.v, &oa.alloc, oa.n + 1, sizeof(*oa.v));
			oa.v[oa.n++] = ror.v[k];
		}
		free(ror.v);
		if (json) {
			if (i > optind)
				buf_addch(&out, ',');
			json_candidates(&out, argv[i], &oa);
		} else {
			print_table(argv[i], &oa);
		}
		inst_list_release(&oa);
	}
	if (json) {
		buf_addstr(&out, "]\n");
		fputs(out.buf, stdout);
	}
	if (write && rc == EXIT_OK) {
		struct buf t = BUF_INIT;
		jsonw_tree(&t, root);
		rc = cli_result(file_write_atomic(path.buf, t.buf, t.len, &err), &err);
		if (rc == EXIT_OK)
			notef("wrote %s", path.buf);
		buf_release(&t);
	}
	cJSON_Delete(root);
	buf_release(&path);
	buf_release(&err);
	buf_release(&out);
	return rc;
}
