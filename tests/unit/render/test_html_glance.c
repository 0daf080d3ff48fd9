/* "What needs attention" (render/html_glance.c) from hand-made kpis.json trees. */
#include "render/html_glance.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "util/banned.h"

/* The attention section of kpis (JSON text), allocated. */
static char *attention(const char *kpis)
{
	cJSON *doc = cJSON_Parse(kpis);
	struct buf o = BUF_INIT;
	char *s, *end;

	assert_non_null(doc);
	html_headline(&o, doc);
	cJSON_Delete(doc);
	s = strstr(o.buf, "<section id=\"attention\">");
	assert_non_null(s);
	end = strstr(s, "</section>");
	assert_non_null(end);
	*end = '\0';
	s = xstrdup(s);
	buf_release(&o);
	return s;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

#define PERIOD "\"period\":{\"from\":2025,\"to\":2029,\"data_through\":2026},"

/* The QS KPI of a new university: two editions, a 2026 interim target missed. */
#define QS_TWO_POINTS \
	"{\"id\":\"qs\",\"title\":\"QS\",\"unit\":\"rank\",\"decimals\":0,\"weight\":1," \
	"\"status\":\"at_risk\",\"status_year\":2026,\"latest\":{\"year\":2026," \
	"\"value\":1300.5,\"progress\":-2,\"band\":{\"low\":1201,\"high\":1400}}," \
	"\"trend\":{\"n\":2,\"slope\":100,\"intercept\":0,\"r2\":1}," \
	"\"forecast\":{\"year\":2029,\"value\":1600.5,\"low\":null,\"high\":null," \
	"\"level\":0.8,\"method\":\"trend\"}," \
	"\"reason\":\"only 2 years have a value, too few for a forecast; the 2026 value " \
	"rank 1201-1400 misses its 2026 target of rank 1100, at best 101 places short\"," \
	"\"attention_interim\":2026,\"interim\":[{\"year\":2026,\"target\":1100," \
	"\"status\":\"missed\",\"value\":1300.5,\"band\":{\"low\":1201,\"high\":1400}," \
	"\"gap\":-101,\"gap_text\":\"at best 101 places short\"}]}"

static void html_headline__interim_target_judged_by_the_reason__is_stated_once(void **state)
{
	char *a = attention("{" PERIOD "\"kpis\":[" QS_TWO_POINTS "]}");

	(void)state;
	/* it also said "2026 target rank 1100 missed: rank 1201-1400, at best 101 places short." */
	assert_int_equal(count(a, "rank 1100"), 1);
	assert_int_equal(count(a, "at best 101 places short"), 1);
	free(a);
}

static void html_headline__interim_target_beside_a_forecast__is_still_said(void **state)
{
	char *a = attention("{" PERIOD "\"kpis\":[{\"id\":\"share\",\"title\":\"Share\","
			    "\"unit\":\"%\",\"decimals\":1,\"weight\":1,\"status\":\"at_risk\","
			    "\"status_year\":2026,\"latest\":{\"year\":2026,\"value\":6.8,"
			    "\"progress\":0.3,\"band\":null},\"trend\":{\"n\":3,\"slope\":0.7,"
			    "\"intercept\":0,\"r2\":0.98},\"forecast\":{\"year\":2029,\"value\":8.7,"
			    "\"low\":7.4,\"high\":10.01,\"level\":0.8,\"method\":\"trend\"},"
			    "\"reason\":\"the 2029 forecast 8.7% falls short\","
			    "\"attention_interim\":2026,\"interim\":[{\"year\":2026,\"target\":8,"
			    "\"status\":\"missed\",\"value\":6.8,\"band\":null,\"gap\":1.2,"
			    "\"gap_text\":\"1.2 points short\"}]}]}");

	(void)state;
	assert_non_null(strstr(a, "2026 target 8.0% missed: 6.8%, 1.2 points short."));
	free(a);
}

static void html_headline__not_ranked_in_the_interim_year__says_not_ranked_once(void **state)
{
	char *a = attention("{" PERIOD "\"kpis\":[{\"id\":\"the\",\"title\":\"THE\","
			    "\"unit\":\"rank\",\"decimals\":0,\"weight\":1,\"status\":\"not_ranked\","
			    "\"status_year\":2026,\"latest\":{\"year\":2025,\"value\":null,"
			    "\"progress\":null,\"band\":{\"low\":1001,\"high\":null}},"
			    "\"trend\":null,\"forecast\":null,"
			    "\"reason\":\"not ranked in 2026 (latest rank 1001+ in 2025)\","
			    "\"attention_interim\":2026,\"interim\":[{\"year\":2026,\"target\":1100,"
			    "\"status\":\"not_ranked\",\"value\":null,\"band\":null,\"gap\":null,"
			    "\"gap_text\":null}]}]}");

	(void)state;
	/* it said "Not ranked in 2026, .... 2026 target rank 1100 missed: not ranked that year." */
	assert_non_null(strstr(a, "2026 target rank 1100 missed.</b>"));
	assert_int_equal(count(a, "ot ranked in 2026"), 1);
	assert_null(strstr(a, "not ranked that year"));
	free(a);
}

static void html_headline__not_ranked__sorts_with_progress_zero(void **state)
{
	/* a KPI moved away (-0.5), one never ranked (no latest), one at 30% */
	char *a = attention("{" PERIOD "\"kpis\":["
			    "{\"id\":\"part\",\"title\":\"Thirty\",\"unit\":\"n\",\"weight\":1,"
			    "\"status\":\"at_risk\",\"latest\":{\"year\":2026,\"value\":3,"
			    "\"progress\":0.3},\"reason\":\"r\"},"
			    "{\"id\":\"the\",\"title\":\"Never ranked\",\"unit\":\"rank\",\"weight\":1,"
			    "\"status\":\"not_ranked\",\"latest\":null,\"reason\":\"r\"},"
			    "{\"id\":\"back\",\"title\":\"Backwards\",\"unit\":\"n\",\"weight\":1,"
			    "\"status\":\"off_track\",\"latest\":{\"year\":2026,\"value\":1,"
			    "\"progress\":-0.5},\"reason\":\"r\"}]}");
	const char *back = strstr(a, "Backwards"), *never = strstr(a, "Never ranked");
	const char *thirty = strstr(a, "Thirty");

	(void)state;
	assert_non_null(back);
	assert_non_null(never);
	assert_non_null(thirty);
	/* not ranked was listed last, after a KPI 30% of the way */
	assert_true(back < never);
	assert_true(never < thirty);
	free(a);
}

static void html_headline__only_never_ranked_kpis__is_data_not_an_empty_report(void **state)
{
	cJSON *doc = cJSON_Parse("{" PERIOD "\"kpis\":["
				 "{\"id\":\"the\",\"title\":\"Never ranked\",\"unit\":\"rank\","
				 "\"weight\":1,\"status\":\"not_ranked\",\"latest\":null,"
				 "\"reason\":\"not ranked in 2026\"}]}");
	struct buf o = BUF_INIT;

	(void)state;
	assert_non_null(doc);
	html_headline(&o, doc);
	/* it said "No KPI has data: every source failed or is empty" */
	assert_null(strstr(o.buf, "No KPI has data"));
	assert_non_null(strstr(o.buf, "0 of 1 KPIs are achieved or on track"));
	assert_non_null(strstr(o.buf, "Never ranked"));
	cJSON_Delete(doc);
	buf_release(&o);
}

static void html_headline__final_year_not_over__says_the_values_are_the_year_so_far(void **state)
{
	const char *kpi = "\"kpis\":[{\"id\":\"a\",\"title\":\"A\",\"unit\":\"n\",\"weight\":1,"
			  "\"status\":\"missed\",\"latest\":{\"year\":2026,\"value\":3,"
			  "\"progress\":0.5},\"reason\":\"r\"}]}";
	struct buf now = BUF_INIT, over = BUF_INIT, json = BUF_INIT;
	cJSON *doc;

	(void)state;
	buf_addf(&json, "{\"period\":{\"from\":2022,\"to\":2026,\"data_through\":2026,"
		 "\"calendar_year\":2026},%s", kpi);
	doc = cJSON_Parse(json.buf);
	html_headline(&now, doc);
	cJSON_Delete(doc);
	assert_non_null(strstr(now.buf, "2026 is not over: its values are the data so far"));
	buf_reset(&json);
	buf_addf(&json, "{\"period\":{\"from\":2022,\"to\":2026,\"data_through\":2026,"
		 "\"calendar_year\":2027},%s", kpi);
	doc = cJSON_Parse(json.buf);
	html_headline(&over, doc);
	cJSON_Delete(doc);
	assert_null(strstr(over.buf, "is not over"));
	buf_release(&now);
	buf_release(&over);
	buf_release(&json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_headline__interim_target_judged_by_the_reason__is_stated_once),
		cmocka_unit_test(html_headline__interim_target_beside_a_forecast__is_still_said),
		cmocka_unit_test(html_headline__not_ranked_in_the_interim_year__says_not_ranked_once),
		cmocka_unit_test(html_headline__not_ranked__sorts_with_progress_zero),
		cmocka_unit_test(html_headline__only_never_ranked_kpis__is_data_not_an_empty_report),
		cmocka_unit_test(html_headline__final_year_not_over__says_the_values_are_the_year_so_far),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
