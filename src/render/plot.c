/* intlkpi's charts: one gnuplot process, one pipe, one script (docs/report.md). */
#include "render/plot.h"
#include "render/outdoc.h"
#include "render/charts.h"
#include "render/gnuplot.h"
#include "util/schema.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/notes.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

const struct plot_options plot_defaults = {
	.students_metric = "intl_students",
	.partners_metric = "works_by_country",
	.intl_metric = "works_intl",
	.total_metric = "works_total",
};

/* What gnuplot says on stderr is relayed through the log, a few lines of it. */
#define MAX_RELAYED_LINES 20

static const char common_style[] =
	"set encoding utf8\n"
	"set border 3 lc '#444444'\n"
	"set tics nomirror out\n"
	"set grid ytics lc '#dddddd' lw 1 dt 1\n";

/*
 * ".tmp." and six characters, as file_write_atomic names its temporary
 * files: the next run's lock holder removes those a killed run left.
 */
static void tmp_suffix(struct buf *name)
{
	buf_addf(name, ".tmp.%06ld", (long)getpid() % 1000000);
}

static void chart_path(struct buf *out, const char *charts, const struct chart *c,
		       const char *ext, bool tmp)
{
	struct buf name = BUF_INIT;
	buf_addf(&name, "%s.%s", c->name, ext);
	if (tmp)
		tmp_suffix(&name);
	path_join(out, charts, name.buf);
	buf_release(&name);
}

/* The whole script: each chart drawn as SVG, then as PNG, then its status. */
static void build_script(struct buf *g, const struct chart_list *l,
			 const char *charts, const char *status_log)
{
	struct buf path = BUF_INIT;

	buf_addstr(g, "set print ");
	gp_quote(g, status_log, 0);
	buf_addch(g, '\n');
	for (size_t i = 0; i < l->n; i++) {
		const struct chart *c = &l->v[i];
		for (int png = 0; png < 2; png++) {
			buf_addf(g, "reset\n%s", common_style);
			/* pngcairo's points are 4/3 of the SVG's pixels: the same look at 3/4 */
			buf_addf(g, "set terminal %s size %d, %d noenhanced font '%s,%d' "
				 "background '#ffffff'\n", png ? "pngcairo" : "svg", c->width,
				 c->height, png ? "sans" : "sans-serif",
				 png ? (c->font * 3 + 2) / 4 : c->font);
			chart_path(&path, charts, c, png ? "png" : "svg", true);
			buf_addstr(g, "set output ");
			gp_quote(g, path.buf, 0);
			buf_addch(g, '\n');
			buf_add(g, c->body.buf, c->body.len);
			buf_addstr(g, "unset output\n");
		}
		buf_addf(g, "if (GPVAL_ERRNO == 0) { print 'ok %s' } else "
			 "{ print 'fail %s '.GPVAL_ERRMSG; reset errors }\n", c->name, c->name);
	}
	buf_addstr(g, "unset print\n");
	buf_release(&path);
}

/*
 * Reads "ok NAME" / "fail NAME message" lines into the charts; -1 when
 * there are none (gnuplot could not even write its status: a full disk).
 */
static int read_status(struct chart_list *l, const char *status_log)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	char *line, *next;

	if (file_read(status_log, &text, 0, &err) || !text.len) {
		buf_release(&text);
		buf_release(&err);
		return -1;
	}
	for (line = text.buf; *line; line = next) {
		int ok = !strncmp(line, "ok ", 3);
		char *name = line + (ok ? 3 : 5), *end;
		next = strchr(line, '\n');
		next = next ? (*next = '\0', next + 1) : line + strlen(line);
		if (!ok && strncmp(line, "fail ", 5))
			continue;
		end = strchr(name, ' ');
		if (end)
			*end++ = '\0';
		for (size_t i = 0; i < l->n; i++) {
			if (strcmp(l->v[i].name, name))
				continue;
			l->v[i].drawn = ok;
			if (!ok)
				l->v[i].error = xstrdup(end && *end ? end : "gnuplot failed");
		}
	}
	buf_release(&text);
	buf_release(&err);
	return 0;
}

static void relay_stderr(const char *path, int loud, struct notes *ns)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	int shown = 0;
	if (!file_read(path, &text, 1 << 20, &err)) {
		for (char *line = text.buf, *next; *line; line = next) {
			next = strchr(line, '\n');
			next = next ? (*next = '\0', next + 1) : line + strlen(line);
			if (!*line || strspn(line, " \t^") == strlen(line))
				continue;
			if (loud && shown++ < MAX_RELAYED_LINES)
				notes_addf(ns, LOG_WARN, "gnuplot: %s", line);
			else
				notes_addf(ns, LOG_DEBUG, "gnuplot: %s", line);
		}
	}
	unlink(path);
	buf_release(&text);
	buf_release(&err);
}

/*
 * Whether the file gnuplot wrote at path is whole: not empty; an SVG that
 * starts with '<' and ends with </svg>; a PNG with its signature whose
 * last chunk is IEND. A full disk leaves files empty or cut short, and
 * gnuplot does not always notice. 0, or -1 with why.
 */
static int chart_file_whole(const char *path, bool png, struct buf *why)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D',
						0xae, 0x42, 0x60, 0x82 };
	struct buf data = BUF_INIT, err = BUF_INIT;
	size_t n;
	int rc = -1;

	if (file_read(path, &data, 0, &err)) {
		buf_setf(why, "%s", err.buf);
		goto out;
	}
	n = data.len;
	if (!n) {
		buf_setf(why, "the file is empty");
	} else if (png && (n < 8 + 12 || memcmp(data.buf, sig, 8) ||
			   memcmp(data.buf + n - 12, iend, 12))) {
		buf_setf(why, "the PNG is cut short (its last chunk is not IEND)");
	} else if (!png) {
		while (n && strchr(" \t\r\n", data.buf[n - 1]))
			n--;
		if (data.buf[0] != '<' || !strstr(data.buf, "<svg") || n < 6 ||
		    memcmp(data.buf + n - 6, "</svg>", 6))
			buf_setf(why, "the SVG is cut short (it does not close with </svg>)");
		else
			rc = 0;
	} else {
		rc = 0;
	}
out:
	buf_release(&data);
	buf_release(&err);
	return rc;
}

/*
 * The SVG at path (a temporary file) titled with the chart's title and
 * described with its alt text (gnuplot writes "Gnuplot" and "Produced by
 * GNUPLOT ..."), so that the file alone says what it shows. 0, or -1 with
 * why.
 */
/*
 * text without gnuplot's titles of its plot groups ("<title>gnuplot_plot_1
 * </title>"): a browser shows them as tooltips over the lines.
 */
static void add_without_plot_titles(struct buf *out, const char *text)
{
	static const char open_tag[] = "<title>gnuplot_plot_";
	const char *s = text, *t, *e;

	while ((t = strstr(s, open_tag)) && (e = strstr(t, "</title>"))) {
		buf_add(out, s, (size_t)(t - s));
		s = e + 8;
	}
	buf_addstr(out, s);
}

static int svg_retitle(const char *path, const struct chart *c, struct buf *why)
{
	struct buf svg = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	const char *t, *te, *d, *de;
	int rc = -1;

	if (file_read(path, &svg, 0, &err)) {
		buf_setf(why, "%s", err.buf);
		goto done;
	}
	t = strstr(svg.buf, "<title>");
	te = t ? strstr(t, "</title>") : NULL;
	d = te ? strstr(te, "<desc>") : NULL;
	de = d ? strstr(d, "</desc>") : NULL;
	if (!te) {
		rc = 0;		/* nothing to retitle */
		goto done;
	}
	buf_add(&out, svg.buf, (size_t)(t - svg.buf));
	buf_addstr(&out, "<title>");
	html_escape(&out, c->title ? c->title : c->name);
	buf_addstr(&out, "</title>");
	if (de && d - te < 80) {
		buf_add(&out, te + 8, (size_t)(d - te - 8));
		buf_addstr(&out, "<desc>");
		html_escape(&out, c->alt ? c->alt : "");
		buf_addstr(&out, "</desc>");
		add_without_plot_titles(&out, de + 7);
	} else {
		add_without_plot_titles(&out, te + 8);
	}
	/*
	 * Written over the temporary file itself, which is renamed into place
	 * next: a run killed here leaves only a name the next run removes.
	 */
	{
		int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		size_t off = 0;
		while (fd >= 0 && off < out.len) {
			ssize_t w = write(fd, out.buf + off, out.len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (fd < 0 || off < out.len || fsync(fd))
			buf_setf(why, "%s", strerror(errno ? errno : EIO));
		else
			rc = 0;
		if (fd >= 0)
			close(fd);
	}
done:
	buf_release(&svg);
	buf_release(&out);
	buf_release(&err);
	return rc;
}

/*
 * A drawn chart's files are checked, synced and renamed; a failed one's
 * removed. A chart drawn but not written whole (a full disk) keeps the
 * chart of an earlier run, says so in its error, and returns -1.
 */
static int settle_files(struct chart *c, const char *charts, struct notes *ns)
{
	struct buf tmp = BUF_INIT, final = BUF_INIT, why = BUF_INIT;
	bool unwritten = false;

	for (int png = 0; png < 2 && c->drawn; png++) {
		const char *ext = png ? "png" : "svg";
		int fd;
		chart_path(&tmp, charts, c, ext, true);
		fd = open(tmp.buf, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd))
			buf_setf(&why, "%s", strerror(errno));
		else if (!chart_file_whole(tmp.buf, png, &why) && !png)
			svg_retitle(tmp.buf, c, &why);
		if (fd >= 0)
			close(fd);
		if (why.len) {
			c->drawn = false;
			unwritten = true;
			free(c->error);
			buf_prefixf(&why, "%s.%s could not be written: ", c->name, ext);
			c->error = buf_detach(&why, NULL);
		}
	}
	for (int png = 0; png < 2 && c->drawn; png++) {
		const char *ext = png ? "png" : "svg";
		chart_path(&tmp, charts, c, ext, true);
		chart_path(&final, charts, c, ext, false);
		if (rename(tmp.buf, final.buf)) {
			c->drawn = false;
			unwritten = true;
			free(c->error);
			c->error = xstrdup(strerror(errno));
		}
	}
	for (int png = 0; png < 2 && !c->drawn; png++) {
		const char *ext = png ? "png" : "svg";
		struct stat st;
		chart_path(&tmp, charts, c, ext, true);
		chart_path(&final, charts, c, ext, false);
		unlink(tmp.buf);
		if (!unwritten) {
			unlink(final.buf);
		} else if (!png && !stat(final.buf, &st)) {
			buf_setf(&why, "%s; the chart of an earlier run is kept", c->error);
			free(c->error);
			c->error = buf_detach(&why, NULL);
		}
	}
	if (c->drawn)
		notes_addf(ns, LOG_DEBUG, "drew %s/%s.svg and .png", charts, c->name);
	buf_release(&tmp);
	buf_release(&final);
	buf_release(&why);
	return unwritten ? -1 : 0;
}

static void write_index(struct buf *o, const struct chart_list *l,
			const char *kpis_generated_at, const char *failure)
{
	char stamp[21];
	iso_time((long long)time(NULL), stamp);
	buf_addf(o, "{\"schema\":\"%s\",\"generated_at\":\"%s\",\"kpis_generated_at\":",
		 CHARTS_SCHEMA, stamp);
	jsonw_string(o, kpis_generated_at);
	buf_addstr(o, ",\"error\":");
	jsonw_string_or_null(o, failure);
	buf_addstr(o, ",\"charts\":[");
	for (size_t i = 0; i < l->n; i++) {
		const struct chart *c = &l->v[i];
		buf_addstr(o, i ? ",\n {\"name\":" : "\n {\"name\":");
		jsonw_string(o, c->name);
		buf_addstr(o, ",\"kind\":");
		jsonw_string(o, c->kind);
		buf_addstr(o, ",\"subject\":");
		jsonw_string(o, c->subject);
		buf_addstr(o, ",\"area\":");
		jsonw_string_or_null(o, c->area);
		buf_addstr(o, ",\"title\":");
		jsonw_string(o, c->title ? c->title : c->name);
		buf_addstr(o, ",\"alt\":");
		jsonw_string(o, c->alt ? c->alt : "");
		buf_addf(o, ",\"width\":%d,\"height\":%d,\"drawn\":", c->width, c->height);
		jsonw_bool(o, c->drawn);
		buf_addstr(o, ",\"svg\":");
		buf_addf(o, "\"%s.svg\",\"png\":\"%s.png\",\"error\":", c->name, c->name);
		jsonw_string_or_null(o, c->drawn ? NULL : c->error);
		buf_addch(o, '}');
	}
	buf_addstr(o, "\n]}\n");
}

/*
 * Every temporary file of a drawing (each chart's, gnuplot's status and
 * stderr), for the signal handlers to remove (util/fs.h): n paths, owned.
 */
static char **temporaries(const struct chart_list *l, const char *charts,
			  const char *status_log, const char *errlog, size_t *n)
{
	char **v = xcalloc(2 * l->n + 3, sizeof(*v));
	struct buf p = BUF_INIT;

	*n = 0;
	for (size_t i = 0; i < l->n; i++)
		for (int png = 0; png < 2; png++) {
			chart_path(&p, charts, &l->v[i], png ? "png" : "svg", true);
			v[(*n)++] = xstrdup(p.buf);
		}
	v[(*n)++] = xstrdup(status_log);
	v[(*n)++] = xstrdup(errlog);
	buf_release(&p);
	return v;
}

/*
 * Draws l into charts/; returns the number of charts not drawn, of which
 * *unwritten were drawn but could not be written. A SIGINT or SIGTERM
 * meanwhile stops gnuplot and removes every temporary before the exit.
 */
static size_t draw(struct chart_list *l, const char *charts, struct buf *failure,
		   size_t *unwritten, struct notes *ns)
{
	struct buf script = BUF_INIT, status_log = BUF_INIT, errlog = BUF_INIT;
	size_t missing = 0, ntemps;
	char **temps;
	int status;

	path_join(&status_log, charts, "gnuplot-status");
	tmp_suffix(&status_log);
	path_join(&errlog, charts, "gnuplot-stderr");
	tmp_suffix(&errlog);
	temps = temporaries(l, charts, status_log.buf, errlog.buf, &ntemps);
	fs_guard_temps(temps, ntemps);
	unlink(status_log.buf);
	build_script(&script, l, charts, status_log.buf);
	notes_addf(ns, LOG_DEBUG, "gnuplot script: %zu bytes for %zu charts", script.len, l->n);
	status = gp_run(&script, errlog.buf, failure);
	if (status != -1) {
		/* without a status, the files themselves say whether they are whole */
		if (read_status(l, status_log.buf))
			for (size_t i = 0; i < l->n; i++) {
				struct buf tmp = BUF_INIT;
				chart_path(&tmp, charts, &l->v[i], "svg", true);
				l->v[i].drawn = !access(tmp.buf, F_OK);
				buf_release(&tmp);
			}
		if (status) {
			buf_reset(failure);	/* the exit status says more */
			gp_describe_status(failure, status);
		}
	}
	*unwritten = 0;
	for (size_t i = 0; i < l->n; i++) {
		*unwritten += settle_files(&l->v[i], charts, ns) < 0;
		missing += !l->v[i].drawn;
	}
	relay_stderr(errlog.buf, missing > 0 || status != 0, ns);
	unlink(status_log.buf);
	fs_guard_temps(NULL, 0);
	for (size_t i = 0; i < ntemps; i++)
		free(temps[i]);
	free(temps);
	buf_release(&script);
	buf_release(&status_log);
	buf_release(&errlog);
	return missing;
}

int plot_all(const char *out_dir, const struct plot_options *opts, struct notes *ns,
	     struct buf *err)
{
	cJSON *kpis = NULL, *obs = NULL;
	struct chart_list l = { 0 };
	struct buf charts = BUF_INIT, failure = BUF_INIT, index = BUF_INIT, path = BUF_INIT;
	size_t missing, unwritten;
	int rc = -1;

	struct plot_options fromcfg;

	if (od_load(out_dir, "kpis.json", KPIS_SCHEMA, &kpis, err))
		return -1;
	if (!opts) {
		/* the profile's "charts" (carried in kpis.json) over the defaults */
		static const char *const keys[4] = { "students_by_country",
			"partners_by_country", "share_intl", "share_total" };
		const cJSON *cc = od_get(od_get(kpis, "profile"), "charts");
		const char **slot[4];
		fromcfg = plot_defaults;
		slot[0] = &fromcfg.students_metric;
		slot[1] = &fromcfg.partners_metric;
		slot[2] = &fromcfg.intl_metric;
		slot[3] = &fromcfg.total_metric;
		for (int i = 0; i < 4; i++)
			if (od_str_or_null(cc, keys[i])) {
				*slot[i] = od_str(cc, keys[i]);
				fromcfg.configured[i] = keys[i];
			}
		opts = &fromcfg;
	}
	if (od_load(out_dir, "observations.json", OBS_SCHEMA, &obs, err)) {
		notes_addf(ns, LOG_WARN, "%s: drawing the KPI charts only", err->buf);
		obs = NULL;
	}
	path_join(&charts, out_dir, CHARTS_DIR);
	if (mkdir_p(charts.buf, err))
		goto out;
	charts_plan(&l, kpis, obs, opts, ns);
	missing = draw(&l, charts.buf, &failure, &unwritten, ns);
	if (unwritten && !failure.len)
		buf_setf(&failure, "%zu chart%s could not be written", unwritten,
			 unwritten == 1 ? "" : "s");
	write_index(&index, &l, od_str(kpis, "generated_at"),
		    missing ? (failure.len ? failure.buf : "some charts failed") : NULL);
	path_join(&path, charts.buf, CHARTS_INDEX);
	if (file_write_atomic(path.buf, index.buf, index.len, err))
		goto out;
	rc = 0;
	if (missing) {
		const struct chart *first = NULL;
		for (size_t i = 0; i < l.n && !first; i++)
			if (!l.v[i].drawn)
				first = &l.v[i];
		buf_setf(err, "%zu of %zu charts not drawn: %s", missing, l.n,
			 failure.len ? failure.buf : "gnuplot reported errors");
		if (first && first->error)
			buf_addf(err, " (first: %s: %s)", first->name, first->error);
		rc = unwritten ? -1 : 1;
	}
	notes_addf(ns, LOG_DEBUG, "wrote %s/%s: %zu charts", charts.buf, CHARTS_INDEX, l.n);
out:
	chart_list_release(&l);
	cJSON_Delete(kpis);
	cJSON_Delete(obs);
	buf_release(&charts);
	buf_release(&failure);
	buf_release(&index);
	buf_release(&path);
	return rc;
}
