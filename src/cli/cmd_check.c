/* intlkpi check: validate indicators/ and list every error. */
#include "cli/cli.h"
#include "collect/collect.h"
#include "config/config.h"
#include "lang/oaid.h"
#include "sources/institutions.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/textnorm.h"
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

static const char check_usage[] =
	"usage: intlkpi check [--online] [--config DIR]\n"
	"\n"
	"Validates the configuration: exits 0 silently when it is valid, or\n"
	"lists every error as FILE:LINE:COLUMN: message and exits 2. In the same\n"
	"pass reads what run would read without the network: every local data\n"
	"file and bundled snapshot must exist and extract (every column it names\n"
	"in the header, every cell it reads), for each source whose own file is\n"
	"valid.\n"
	"With --online, also asks OpenAlex and ROR whether each configured\n"
	"openalex_id and ror is an institution of the expected name and country,\n"
	"warns for each that is not (or cannot be asked) and then exits 1.\n"	"\n"
	"  --online          confirm the profile's ids with OpenAlex and ROR\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

/* Whether name is one of the entry's names, after normalisation. */
static bool names_one(const char *name, const char *main_name, char *const *aliases, size_t n)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	bool eq = false;

	textnorm_name(name, &a);
	for (size_t i = 0; i <= n && !eq; i++) {
		buf_reset(&b);
		textnorm_name(i ? aliases[i - 1] : main_name, &b);
		eq = !strcmp(a.buf, b.buf);
	}
	buf_release(&a);
	buf_release(&b);
	return eq;
}

/* One id of one entry: 0 when it resolves to the expected institution, else 1 (warned). */
static int confirm(const char *what, const char *id, const char *name, char *const *aliases,
		   size_t naliases, const char *country, const char *mail,
		   const struct fetch_settings *fs)
{
	struct inst_list l = { 0 };
	struct buf err = BUF_INIT;
	char sid[OA_ID_MAX], rid[16];
	bool ror = !strcmp(what, "ror");
	int rc = 1;

	if (ror ? ror_short_id(id, rid) : oa_short_id(id, sid))
		warnf("'%s': %s '%s' is not an id", name, what, id);
	else if (ror ? inst_lookup_ror(rid, fs, &l, &err) : inst_lookup_openalex(sid, mail, fs, &l, &err))
		warnf("'%s': %s %s could not be confirmed: %s", name, what, id, err.buf);
	else if (!l.n)
		warnf("'%s': %s %s is not an institution", name, what, id);
	else if (!l.v[0].name || !names_one(l.v[0].name, name, aliases, naliases))
		warnf("'%s': %s %s is '%s', not this institution (nor one of its aliases)", name, what,
		      id, l.v[0].name ? l.v[0].name : "?");
	else if (country && (!l.v[0].country || strcmp(l.v[0].country, country)))
		warnf("'%s': %s %s is in %s, not %s", name, what, id,
		      l.v[0].country ? l.v[0].country : "no country", country);
	else
		rc = 0;
	if (!rc)
		notef("'%s': %s %s confirmed", name, what, id);
	inst_list_release(&l);
	buf_release(&err);
	return rc;
}

/* --online: every configured OpenAlex and ROR id; the number that did not confirm. */
static int check_online(const struct config *cfg)
{
	const struct profile *p = &cfg->profile;
	struct fetch_settings fs;
	int bad = 0;

	fetch_settings_init(&fs, "intlkpi/" INTLKPI_VERSION);
	for (size_t i = 0; i <= p->npeers; i++) {
		const struct peer *q = i ? &p->peers[i - 1] : NULL;
		const char *name = q ? q->name : p->name;
		char *const *al = q ? q->aliases : p->aliases;
		size_t nal = q ? q->naliases : p->naliases;
		const char *country = q ? q->country : p->country;
		const char *oa = q ? q->openalex_id : p->openalex_id, *ror = q ? q->ror : p->ror;
		if (oa)
			bad += confirm("openalex_id", oa, name, al, nal, country, p->contact_email, &fs);
		if (ror)
			bad += confirm("ror", ror, name, al, nal, country, p->contact_email, &fs);
	}
	return bad;
}

/*
 * Each source's data file or snapshot (source_check); the number that
 * fail. With configuration errors, the sources whose own file has none
 * are read all the same (one pass reports both), unless profile.json,
 * which every extraction reads, has errors.
 */
static int check_sources(const struct config *cfg, int config_errors)
{
	struct buf err = BUF_INIT;
	int n = 0, rc;

	if (config_errors && cfg->profile_invalid) {
		notef("data files not read: profile.json has errors");
		return 0;
	}
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];
		if (!s->file || s->invalid || !s->id)
			continue;	/* its configuration errors are said */
		buf_reset(&err);
		/* its warnings read "source 'ID': ...", as a run says them */
		log_set_source(s->id);
		rc = source_check(cfg, s, &err);
		log_set_source(NULL);
		if (rc) {
			errorf("%s: %s", s->file ? s->file : s->id, err.buf);
			n++;
		}
	}
	buf_release(&err);
	return n;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "online", no_argument, NULL, 'o' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *config_dir = "indicators";
	struct config cfg;
	struct cli_parser p = CLI_PARSER(check_usage, "", opts);
	struct buf what = BUF_INIT;
	bool online = false;
	int c, n;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c == 'o')
			online = true;
		else if (c == 'c')
			config_dir = optarg;
		else
			return cli_usage(&p);
	}
	if (c < 0)
		return p.exit;
	if ((c = cli_no_operands(&p, argc, argv)))
		return c;
	n = cli_load_config(&cfg, config_dir);
	n += check_sources(&cfg, n);
	if (n) {
		config_release(&cfg);
		errorf("%d error%s in %s", n, n == 1 ? "" : "s", config_dir);
		return EXIT_USAGE;
	}
	n = online ? check_online(&cfg) : 0;
	config_release(&cfg);
	if (n)
		buf_setf(&what, "%d id%s not confirmed online", n, n == 1 ? "" : "s");
	n = cli_result(n, &what);
	buf_release(&what);
	return n;
}
