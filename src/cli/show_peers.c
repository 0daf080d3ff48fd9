/* intlkpi show --peers: the university beside its peers, from kpis.json's "peers". */
#include "cli/show_render.h"
#include "cli/cli.h"
#include "render/outdoc.h"
#include "util/jsonw.h"
#include "util/csv.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include "util/banned.h"

#define PEERS_CSV_HEADER "what,id,year,institution,low,high,listed,value,why"

#define NAME_COLS 28
#define POS_COLS 12

/* A position as published ("185", "301–350", "1501+"), else "not ranked", "listed" or "-". */
static void position(struct buf *o, const cJSON *p)
{
	static const char *const why[] = { "", "not ranked", "listed", "-" };
	buf_addstr(o, why[od_position(o, p)]);
}

static const cJSON *last_item(const cJSON *array)
{
	int n = cJSON_GetArraySize(array);
	return n ? cJSON_GetArrayItem(array, n - 1) : NULL;
}

/* The institution of row (the university at -1), marked '*' when its ids are unverified. */
static void row_name(struct buf *o, const cJSON *root, const cJSON *peers, int row)
{
	const cJSON *inst = row < 0 ? NULL : cJSON_GetArrayItem(od_get(peers, "institutions"), row);

	view_text(o, inst ? od_str(inst, "name") : od_str(od_get(root, "profile"), "name"),
		  NAME_COLS - 1);
	buf_addch(o, inst && !cJSON_IsTrue(od_get(inst, "ids_verified")) ? '*' : ' ');
}

/* The latest edition of each ranking, one row per institution, in groups of columns that fit 80. */
static void positions_table(struct buf *o, const cJSON *root, const cJSON *peers,
			    const struct view *v)
{
	const cJSON *rankings = od_get(peers, "rankings");
	int nr = cJSON_GetArraySize(rankings), ni = cJSON_GetArraySize(od_get(peers, "institutions"));
	int per = (80 - NAME_COLS) / (POS_COLS + 1), first = 0;

	do {	/* once at least: the names, when no ranking is configured */
		struct buf head = BUF_INIT, cell = BUF_INIT;
		buf_addf(&head, "%-*s", NAME_COLS, first ? "" : nr ? "POSITIONS, LATEST EDITION" : "PEERS");
		for (int r = first; r < nr && r < first + per; r++) {
			const cJSON *rk = cJSON_GetArrayItem(rankings, r), *e = last_item(od_get(rk, "editions"));
			buf_reset(&cell);
			buf_addf(&cell, "%s %.0f", od_str(rk, "id"), e ? od_num(e, "year") : NAN);
			buf_addch(&head, ' ');
			view_text(&head, cell.buf, POS_COLS);
		}
		view_paint(o, v, VIEW_SGR_HEAD, head.buf, 0);
		buf_addch(o, '\n');
		for (int row = -1; row < ni; row++) {
			row_name(o, root, peers, row);
			for (int r = first; r < nr && r < first + per; r++) {
				const cJSON *e = last_item(od_get(cJSON_GetArrayItem(rankings, r), "editions"));
				buf_reset(&cell);
				position(&cell, !e ? NULL : row < 0 ? od_get(e, "university") :
					 cJSON_GetArrayItem(od_get(e, "peers"), row));
				buf_addch(o, ' ');
				view_text(o, cell.buf, POS_COLS);
			}
			buf_addch(o, '\n');
		}
		buf_release(&head);
		buf_release(&cell);
	} while ((first += per) < nr);
}

/* Per indicator, its latest year: the university's value and its place in each group. */
static void indicators_table(struct buf *o, const cJSON *peers, const struct view *v)
{
	const cJSON *ind, *g;

	cJSON_ArrayForEach(ind, od_get(peers, "indicators")) {
		const cJSON *y = last_item(od_get(ind, "years"));
		struct buf line = BUF_INIT;
		int d = (int)od_num(ind, "decimals");
		if (!y)
			continue;
		if (d < 0 || d > 6)
			d = 1;
		buf_addf(&line, "%s, %.0f", od_str(ind, "title"), od_num(y, "year"));
		view_paint(o, v, VIEW_SGR_HEAD, line.buf, 0);
		buf_addch(o, '\n');
		buf_reset(&line);
		if (isnan(od_num(od_get(y, "university"), "value"))) {
			const char *why = od_str_or_null(od_get(y, "university"), "why");
			buf_addstr(&line, "us: ");
			for (; why && *why; why++)
				buf_addch(&line, *why == '_' ? ' ' : *why);
			if (line.len == 4)
				buf_addstr(&line, "no value");
		} else {
			buf_addf(&line, "us: %.*f", d, od_num(od_get(y, "university"), "value"));
		}
		cJSON_ArrayForEach(g, od_get(y, "groups")) {
			const char *group = od_str_or_null(g, "group");
			buf_addf(&line, "; %s median %.*f (n=%.0f)", group ? group : "peers", d,
				 od_num(g, "median"),
				 od_num(g, "n"));
			if (!isnan(od_num(g, "place")))
				buf_addf(&line, ", place %.0f of %.0f", od_num(g, "place"), od_num(g, "of"));
		}
		buf_addstr(o, "  ");
		view_wrap(o, line.buf, 77, 4);
		buf_release(&line);
	}
}

/* One CSV row: a position (low, high, listed) or an indicator's value (value, why). */
static void csv_row(struct csv_writer *w, bool position, const char *id, double year,
		    const char *inst, const cJSON *p)
{
	const cJSON *listed = od_get(p, "listed");

	csvw_text(w, position ? "position" : "indicator");
	csvw_text(w, id);
	csvw_num(w, year);
	csvw_text(w, inst);
	csvw_num(w, position ? od_num(p, "low") : NAN);
	csvw_num(w, position ? od_num(p, "high") : NAN);
	if (position && cJSON_IsBool(listed))
		csvw_bool(w, cJSON_IsTrue(listed));
	else
		csvw_text(w, NULL);
	csvw_num(w, position ? NAN : od_num(p, "value"));
	csvw_text(w, position ? NULL : od_str_or_null(p, "why"));
	csvw_end_row(w);
}

/* The rows of every ranking's editions (position) or every indicator's years. */
static void csv_rows(struct csv_writer *w, const cJSON *root, const cJSON *peers, bool position)
{
	const cJSON *insts = od_get(peers, "institutions"), *x, *e, *p;
	const char *us = od_str(od_get(root, "profile"), "name");

	cJSON_ArrayForEach(x, od_get(peers, position ? "rankings" : "indicators"))
		cJSON_ArrayForEach(e, od_get(x, position ? "editions" : "years")) {
			int i = 0;
			csv_row(w, position, od_str(x, "id"), od_num(e, "year"), us,
				od_get(e, "university"));
			cJSON_ArrayForEach(p, od_get(e, "peers"))
				csv_row(w, position, od_str(x, "id"), od_num(e, "year"),
					od_str(cJSON_GetArrayItem(insts, i++), "name"), p);
		}
}

int show_peers(const struct show_query *q, const cJSON *root, struct buf *o)
{
	const cJSON *peers = od_get(root, "peers");

	if (!cJSON_IsObject(peers)) {
		errorf("%s/kpis.json has no peers member (written by an older intlkpi:"
		       " run 'intlkpi compute')", q->out_dir);
		return EXIT_FATAL;
	}
	if (q->view.format == VIEW_JSON) {
		jsonw_tree(o, peers);
	} else if (q->view.format == VIEW_CSV) {
		struct csv_writer w;
		csvw_init(&w, o, CSV_RFC4180);
		csvw_header(&w, PEERS_CSV_HEADER);
		csv_rows(&w, root, peers, true);
		csv_rows(&w, root, peers, false);
	} else if (!cJSON_GetArraySize(od_get(peers, "institutions"))) {
		buf_addstr(o, "No peers: the profile names none (docs/configuration.md, \"peers\").\n");
	} else {
		positions_table(o, root, peers, &q->view);
		if (cJSON_GetArraySize(od_get(peers, "indicators")))
			buf_addch(o, '\n');
		indicators_table(o, peers, &q->view);
		buf_addstr(o, "(* ids not verified)\n");
	}
	return EXIT_OK;
}
