/* gp_quote, and the gnuplot commands of the charts. Needs gnuplot. */
#define _POSIX_C_SOURCE 200809L
#include "render/plot.h"
#include "render/charts.h"
#include "util/fs.h"
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "util/banned.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void assert_quoted(const char *in, int wrap, const char *want)
{
	struct buf b = BUF_INIT;
	gp_quote(&b, in, wrap);
	assert_string_equal(b.buf, want);
	buf_release(&b);
}

static void gp_quote__plain_text__is_one_single_quoted_piece(void **state)
{
	(void)state;
	assert_quoted("International students", 0, "'International students'");
	assert_quoted("", 0, "''");
	/* nothing is special inside single quotes: backquotes, $, @, # stay */
	assert_quoted("`id` $HOME @m #c \"x\"", 0, "'`id` $HOME @m #c \"x\"'");
}

static void gp_quote__quotes_and_backslashes__are_joined_constants(void **state)
{
	(void)state;
	assert_quoted("it's", 0, "'it'.\"'\".'s'");
	assert_quoted("'x", 0, "\"'\".'x'");
	assert_quoted("x''", 0, "'x'.\"'\".\"'\"");
	assert_quoted("a\\", 0, "'a'.\"\\\\\"");
	assert_quoted("'", 0, "\"'\"");
}

static void gp_quote__control_characters__become_spaces(void **state)
{
	(void)state;
	/* a newline would end the command and start a new one */
	assert_quoted("a\nplot\r\tb\x7f", 0, "'a plot  b '");
}

static void gp_quote__invalid_utf8__becomes_replacement_character(void **state)
{
	(void)state;
	assert_quoted("a\xff" "b\xc3", 0, "'a\xef\xbf\xbd" "b\xef\xbf\xbd'");
	assert_quoted("\xef\xbf\xbe", 0, "'\xef\xbf\xbd'");
	assert_quoted("Қарағанды 大学", 0, "'Қарағанды 大学'");
}

static void gp_quote__cdata_end__is_split(void **state)
{
	(void)state;
	/* gnuplot's SVG writer escapes < and & but copies "]]>" */
	assert_quoted("a]]>b", 0, "'a]]\xe2\x80\x8b>b'");
}

static void gp_quote__wrap__breaks_at_spaces_and_counts_lines(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	/* "Internationalization at home": 20 + 1 + 2 + 1 + 4 > 10 */
	assert_int_equal(gp_quote(&b, "Internationalization at home", 10), 2);
	assert_string_equal(b.buf, "'Internationalization'.\"\\n\".'at home'");
	buf_reset(&b);
	assert_int_equal(gp_quote(&b, "a b c", 0), 1);
	buf_release(&b);
}

/* Hostile texts, each printed by a real gnuplot and read back. */
static const char *const hostile[] = {
	"`touch DIR/backquote`",
	"\"`touch DIR/dq`\"",
	"system(\"touch DIR/system\")",
	"'; system('touch DIR/sq'); print '",
	"x'''''y",
	"'''",
	"\\'; system('touch DIR/bs') #\\",
	"line\n!touch DIR/bang\nprint 'x'",
	"@macro $data << EOD",
	"<script>alert(1)</script> & &amp;",
	"Қарағанды медицина университеті",
	"同济大学 ]]> end",
};

static void gp_quote__hostile_text__round_trips_through_gnuplot_and_runs_nothing(void **state)
{
	char dir[] = "/tmp/intlkpi-gpq.XXXXXX";
	struct buf script = BUF_INIT, out = BUF_INIT, err = BUF_INIT, path = BUF_INIT;
	char *line, *next;
	size_t i = 0;
	FILE *p;
	DIR *d;
	struct dirent *e;
	(void)state;

	assert_non_null(mkdtemp(dir));
	path_join(&path, dir, "printed");
	buf_addstr(&script, "set print ");
	gp_quote(&script, path.buf, 0);
	buf_addch(&script, '\n');
	for (i = 0; i < LEN(hostile); i++) {
		struct buf s = BUF_INIT;
		for (const char *c = hostile[i]; *c; c++) {
			if (!strncmp(c, "DIR", 3)) {
				buf_addstr(&s, dir);
				c += 2;
			} else {
				buf_addch(&s, *c);
			}
		}
		buf_addstr(&script, "print ");
		gp_quote(&script, s.buf, 0);
		buf_addch(&script, '\n');
		buf_release(&s);
	}
	buf_addstr(&script, "unset print\n");
	p = popen("gnuplot", "w");
	assert_non_null(p);
	fwrite(script.buf, 1, script.len, p);
	assert_int_equal(pclose(p), 0);

	assert_int_equal(file_read(path.buf, &out, 0, &err), 0);
	i = 0;
	for (line = out.buf; *line && i < LEN(hostile); line = next, i++) {
		const char *want = hostile[i];
		next = strchr(line, '\n');
		assert_non_null(next);
		*next++ = '\0';
		/* the same text, but newlines as spaces, DIR spelled out, ]]> split */
		for (const char *c = want, *g = line; *c; c++) {
			if (!strncmp(c, "DIR", 3)) {
				assert_memory_equal(g, dir, strlen(dir));
				g += strlen(dir);
				c += 2;
			} else if (!strncmp(c, "]]>", 3)) {
				assert_memory_equal(g, "]]\xe2\x80\x8b>", 6);
				g += 6;
				c += 2;
			} else {
				if (*g != (*c == '\n' ? ' ' : *c))
					fail_msg("case %zu: got '%s'", i, line);
				g++;
			}
		}
	}
	assert_int_equal(i, LEN(hostile));

	/* nothing ran: the directory holds only what print wrote */
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "printed"))
			fail_msg("a hostile name ran a command: %s/%s exists", dir, e->d_name);
	}
	closedir(d);
	unlink(path.buf);
	rmdir(dir);
	buf_release(&script);
	buf_release(&out);
	buf_release(&err);
	buf_release(&path);
}

/* A KPI document with a gap in 2021 and a rank KPI. */
static const char kpis_doc[] =
	"{\"schema\":\"intlkpi.kpis/3\",\"profile\":{\"name\":\"U\"},"
	"\"period\":{\"from\":2019,\"to\":2022},"
	"\"areas\":[{\"id\":\"a\",\"title\":\"A\",\"index\":50,\"status\":\"on_track\","
	"\"kpis\":[\"k\",\"r\"]}],"
	"\"kpis\":["
	"{\"id\":\"k\",\"area\":\"a\",\"title\":\"K\",\"unit\":\"%\",\"direction\":\"increase\","
	"\"decimals\":1,\"baseline\":{\"year\":2019,\"value\":10},"
	"\"series\":[{\"year\":2019,\"value\":10,\"target\":10},"
	"{\"year\":2020,\"value\":11,\"target\":11},"
	"{\"year\":2021,\"value\":null,\"target\":12},"
	"{\"year\":2022,\"value\":13,\"target\":13,\"target_set\":true}],"
	"\"latest\":{\"year\":2022,\"value\":13},\"status\":\"achieved\"},"
	"{\"id\":\"r\",\"area\":\"a\",\"title\":\"R\",\"unit\":\"rank\",\"direction\":\"decrease\","
	"\"decimals\":0,\"baseline\":{\"year\":2019,\"value\":300},"
	"\"series\":[{\"year\":2019,\"value\":300},{\"year\":2020,\"value\":250}],"
	"\"status\":\"on_track\"}]}";

/*
 * A strategy in progress: data through 2020 of 2019-2022; a rank KPI
 * heading for rank 1 (forecast interval 1..2), one never ranked.
 */
static const char running_doc[] =
	"{\"schema\":\"intlkpi.kpis/3\",\"profile\":{\"name\":\"U\"},"
	"\"period\":{\"from\":2019,\"to\":2022,\"data_through\":2020},"
	"\"areas\":[],"
	"\"kpis\":["
	"{\"id\":\"top\",\"area\":\"a\",\"title\":\"Top\",\"unit\":\"rank\",\"direction\":\"decrease\","
	"\"decimals\":0,\"baseline\":{\"year\":2019,\"value\":3},\"data_through\":2020,"
	"\"series\":[{\"year\":2019,\"value\":3,\"target\":3},{\"year\":2020,\"value\":2,\"target\":2},"
	"{\"year\":2021,\"value\":null,\"target\":1.5},{\"year\":2022,\"value\":null,\"target\":1}],"
	"\"latest\":{\"year\":2020,\"value\":2},"
	"\"forecast\":{\"year\":2022,\"value\":1,\"low\":1,\"high\":2,\"method\":\"trend\"},"
	"\"status\":\"on_track\"},"
	"{\"id\":\"never\",\"area\":\"a\",\"title\":\"Never\",\"unit\":\"rank\",\"direction\":\"decrease\","
	"\"decimals\":0,\"baseline\":{\"year\":2019,\"value\":null},\"data_through\":2020,"
	"\"final_target\":{\"year\":2022,\"value\":1000},"
	"\"series\":[{\"year\":2019,\"value\":null},{\"year\":2020,\"value\":null},"
	"{\"year\":2021,\"value\":null},{\"year\":2022,\"value\":null,\"target\":1000,\"target_set\":true}],"
	"\"latest\":null,\"status\":\"not_ranked\"}]}";

static const struct chart *find(const struct chart_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	fail_msg("no chart '%s'", name);
	return NULL;
}

/* A label that fits keeps every character; a longer one ends in "…" at max. */
static void chart_clip__exactly_max_characters__is_not_cut(void **state)
{
	struct buf t = BUF_INIT;
	(void)state;

	assert_string_equal(chart_clip(&t, "Kazakhstan", 10), "Kazakhstan");
	assert_string_equal(chart_clip(&t, "Kazakhstan!", 10), "Kazakhsta\u2026");
	assert_string_equal(chart_clip(&t, "Қазақстан", 9), "Қазақстан");
	assert_string_equal(chart_clip(&t, "Қазақстан", 8), "Қазақст\u2026");
	assert_string_equal(chart_clip(&t, "", 3), "");
	buf_release(&t);
}

static void charts_plan__missing_year__is_a_gap_not_a_zero(void **state)
{
	cJSON *kpis = cJSON_Parse(kpis_doc);
	struct chart_list l = { 0 };
	const struct chart *c;
	(void)state;

	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	c = find(&l, "kpi-k");
	/* year, value, target, target when set, band low, band high */
	assert_non_null(strstr(c->body.buf, "\n2021 NaN 12 NaN NaN NaN\n"));
	assert_non_null(strstr(c->body.buf, "\n2022 13 13 13 NaN NaN\n"));
	assert_null(strstr(c->body.buf, "2021 0"));
	assert_non_null(strstr(c->body.buf, "set xtics 2019, 1, 2022\n"));
	assert_non_null(strstr(c->body.buf, "set format x '%.0f'"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void charts_plan__rank_kpi__has_a_reversed_axis(void **state)
{
	cJSON *kpis = cJSON_Parse(kpis_doc);
	struct chart_list l = { 0 };
	(void)state;

	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	/* 250..300 padded by max(1, 8% of 50) = 4: 246..304, rank 1 at the top */
	assert_non_null(strstr(find(&l, "kpi-r")->body.buf, "set yrange [304:246] noreverse\n"));
	/* tics from the first step on: never one at place 0 */
	assert_non_null(strstr(find(&l, "kpi-r")->body.buf, "set ytics 20, 20\n"));
	assert_non_null(strstr(find(&l, "kpi-k")->body.buf, "set yrange [*:*] noreverse\n"));
	/* two areas are too few for a spiderplot: the radar falls back to bars */
	assert_string_equal(find(&l, "radar")->kind, "radar");
	assert_null(strstr(find(&l, "radar")->body.buf, "spiderplot"));
	assert_non_null(strstr(find(&l, "radar")->body.buf, "w boxes"));
	assert_string_equal(find(&l, "area-a")->kind, "area");
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void charts_plan__rank_near_one__axis_never_goes_above_rank_1(void **state)
{
	cJSON *kpis = cJSON_Parse(running_doc);
	struct chart_list l = { 0 };
	(void)state;

	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	/* 1..3 padded by 1 would start at 0: it starts at 1 */
	assert_non_null(strstr(find(&l, "kpi-top")->body.buf, "set yrange [4:1] noreverse\n"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void charts_plan__years_after_the_data__are_shaded_not_drawn(void **state)
{
	cJSON *kpis = cJSON_Parse(running_doc);
	struct chart_list l = { 0 };
	const char *b;
	(void)state;

	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	b = find(&l, "kpi-top")->body.buf;
	assert_non_null(strstr(b, "set object 1 rectangle from first 2020.5, graph 0 to first 2022.5"));
	assert_non_null(strstr(b, "'no data yet'"));
	assert_non_null(strstr(b, "\n2022 NaN 1 NaN NaN NaN\n"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void charts_plan__never_ranked__draws_no_made_up_axis(void **state)
{
	cJSON *kpis = cJSON_Parse(running_doc);
	struct chart_list l = { 0 };
	const char *b;
	(void)state;

	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	b = find(&l, "kpi-never")->body.buf;
	/* one target, 1000, would give gnuplot's 990-1010 axis */
	assert_non_null(strstr(b, "unset ytics\n"));
	assert_non_null(strstr(b, "'not ranked in any edition up to 2020'"));
	assert_non_null(strstr(b, "'target 2022: rank 1000'"));
	assert_null(strstr(b, "$kd"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

/* Only open bands ("1001+") against a target of rank 1000. */
static const char open_band_doc[] =
	"{\"schema\":\"intlkpi.kpis/3\",\"profile\":{\"name\":\"U\"},"
	"\"period\":{\"from\":2019,\"to\":2022,\"data_through\":2020},"
	"\"areas\":[],"
	"\"kpis\":["
	"{\"id\":\"open\",\"area\":\"a\",\"title\":\"Open\",\"unit\":\"rank\",\"direction\":\"decrease\","
	"\"decimals\":0,\"baseline\":{\"year\":2019,\"value\":null},\"data_through\":2020,"
	"\"final_target\":{\"year\":2022,\"value\":1000},"
	"\"series\":[{\"year\":2019,\"value\":null,\"band\":{\"low\":1001,\"high\":null}},"
	"{\"year\":2020,\"value\":null,\"band\":{\"low\":1001,\"high\":null}},"
	"{\"year\":2021,\"value\":null},{\"year\":2022,\"value\":null,\"target\":1000,\"target_set\":true}],"
	"\"latest\":{\"year\":2020,\"value\":null,\"band\":{\"low\":1001,\"high\":null}},"
	"\"status\":\"not_ranked\"}]}";

static void charts_plan__open_bands_only__get_an_axis_that_shows_them(void **state)
{
	cJSON *kpis = cJSON_Parse(open_band_doc);
	struct chart_list l = { 0 };
	const char *b;
	(void)state;

	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	b = find(&l, "kpi-open")->body.buf;
	/*
	 * 1000..1001 gave the axis 999-1002 and a bar of no length. The open
	 * band runs on a quarter past its low end: 1000..1251.25, padded by
	 * 8% of 251.25 = 20.1: 979..1272 (whole places), its bar from 1001 to the axis end.
	 */
	assert_non_null(strstr(b, "set yrange [1272:979] noreverse\n"));
	assert_non_null(strstr(b, "\n2019 NaN NaN NaN 1001 1272\n"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void charts_plan__a_band_ranked_chart_is_described_with_its_bands(void **state)
{
	cJSON *kpis = cJSON_Parse(open_band_doc);
	struct chart_list l = { 0 };
	const char *alt;
	(void)state;

	/* a band as published: a closed one in 2020 (its midpoint, 1100.5, is no rank) */
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(kpis, "kpis"), 0), "latest",
				  cJSON_Parse("{\"year\":2020,\"value\":1100.5,"
					      "\"band\":{\"low\":1001,\"high\":1200}}"));
	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	alt = find(&l, "kpi-open")->alt;
	/* the baseline's band is its series point's; it said "baseline 2019 no data" */
	assert_non_null(strstr(alt, "baseline 2019 rank 1001+, latest 2020 rank 1001\u20131200,"));
	assert_null(strstr(alt, "1100"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void charts_plan__not_ranked_after_a_band__says_the_year_it_was_not_ranked(void **state)
{
	cJSON *kpis = cJSON_Parse(open_band_doc);
	cJSON *k = cJSON_GetArrayItem(cJSON_GetObjectItem(kpis, "kpis"), 0);
	struct chart_list l = { 0 };
	(void)state;

	/* ranked 1001+ in 2019, left out of the 2020 edition */
	cJSON_ReplaceItemInObject(k, "latest", cJSON_Parse("{\"year\":2019,\"value\":null,"
							    "\"band\":{\"low\":1001,\"high\":null}}"));
	cJSON_AddNumberToObject(k, "status_year", 2020);
	charts_plan(&l, kpis, NULL, &plot_defaults, NULL);
	/* it said "Not ranked · 2019: rank 1001+" */
	assert_non_null(strstr(find(&l, "kpi-open")->body.buf, "'Not ranked in 2020 \u00b7 2019: rank 1001+'"));
	chart_list_release(&l);
	cJSON_Delete(kpis);
}

static void chart_size__phone_width__keeps_text_at_least_11_px(void **state)
{
	struct chart c = { 0 };
	(void)state;

	/* 460 px shown at 370: 15 * 370 / 460 = 12.07 px >= 11 */
	chart_size(&c, 460, 400);
	assert_int_equal(c.font, 15);
	assert_true(c.font * CHART_PHONE_PX / c.width >= 11);
	chart_size(&c, 960, 400);
	assert_true(c.font * CHART_PHONE_PX / c.width >= 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gp_quote__plain_text__is_one_single_quoted_piece),
		cmocka_unit_test(gp_quote__quotes_and_backslashes__are_joined_constants),
		cmocka_unit_test(gp_quote__control_characters__become_spaces),
		cmocka_unit_test(gp_quote__invalid_utf8__becomes_replacement_character),
		cmocka_unit_test(gp_quote__cdata_end__is_split),
		cmocka_unit_test(gp_quote__wrap__breaks_at_spaces_and_counts_lines),
		cmocka_unit_test(gp_quote__hostile_text__round_trips_through_gnuplot_and_runs_nothing),
		cmocka_unit_test(chart_clip__exactly_max_characters__is_not_cut),
		cmocka_unit_test(charts_plan__missing_year__is_a_gap_not_a_zero),
		cmocka_unit_test(charts_plan__rank_kpi__has_a_reversed_axis),
		cmocka_unit_test(charts_plan__rank_near_one__axis_never_goes_above_rank_1),
		cmocka_unit_test(charts_plan__years_after_the_data__are_shaded_not_drawn),
		cmocka_unit_test(charts_plan__open_bands_only__get_an_axis_that_shows_them),
		cmocka_unit_test(charts_plan__a_band_ranked_chart_is_described_with_its_bands),
		cmocka_unit_test(charts_plan__not_ranked_after_a_band__says_the_year_it_was_not_ranked),
		cmocka_unit_test(charts_plan__never_ranked__draws_no_made_up_axis),
		cmocka_unit_test(chart_size__phone_width__keeps_text_at_least_11_px),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
