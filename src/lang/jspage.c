/* Which ranking pages build their tables with JavaScript, and where their data is. */
#include "lang/jspage.h"
#include <string.h>
#include "util/banned.h"

#define SCAN_MAX ((size_t)8 << 20)

static const char *find(const char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (data[i] == needle[0] && !memcmp(data + i, needle, n))
			return data + i;
	return NULL;
}

/* The characters of a URL from p on, "\/" read as "/", into out. */
static void add_link(struct buf *out, const char *p, const char *end)
{
	for (size_t n = 0; p < end && n < 400; p++, n++) {
		if (*p == '\\' && p + 1 < end && p[1] == '/')
			continue;
		if (strchr("\"' <>\\\n\r\t", *p))
			break;
		buf_addch(out, *p);
	}
}

int jspage_hint(const char *data, size_t len, int year, struct buf *out)
{
	const char *end, *p, *q;

	if (len > SCAN_MAX)
		len = SCAN_MAX;
	end = data + len;
	/* the first mention of the_data_rankings/ that is inside a link to a .json */
	for (p = data; (p = find(p, (size_t)(end - p), "the_data_rankings")); p++) {
		const char *e = p;
		for (q = p; q > data && q[-1] != '"' && q[-1] != '\'' && p - q < 300; q--)
			;
		while (e < end && *e != '"' && *e != '\'' && e - p < 300)
			e++;
		if (!find(p, (size_t)(e - p), ".json"))
			continue;
		buf_reset(out);
		buf_addstr(out, "the page builds its table with JavaScript from a data file; "
			    "use that file (a json source with \"discover\" finds it in this page): ");
		add_link(out, q, e);
		return 1;
	}
	if ((p = find(data, len, "qs_rankings_rest_api"))) {
		struct buf nid = BUF_INIT;
		if ((q = find(p, (size_t)(end - p), "\"nid\"")) && q - p < 200) {
			for (q += 5; q < end && strchr(" :\"", *q); q++)
				;
			while (q < end && *q >= '0' && *q <= '9' && nid.len < 20)
				buf_addch(&nid, *q++);
		}
		buf_reset(out);
		buf_addf(out, "the page builds its table with JavaScript; use the QS rankings endpoint: "
			 "https://www.topuniversities.com/rankings/endpoint?nid=%s&page=0&items_per_page=500&tab=indicators "
			 "(a json source with \"paging\"; \"discover\" finds the nid in this page)",
			 nid.len ? nid.buf : "NID");
		buf_release(&nid);
		return 1;
	}
	if (find(data, len, "shanghairanking") && find(data, len, "__NUXT__")) {
		buf_reset(out);
		buf_addstr(out, "the page builds its table with JavaScript; use the ShanghaiRanking API: "
			    "https://www.shanghairanking.com/api/pub/v1/arwu/rank?version=");
		if (year)
			buf_addf(out, "%d", year);
		else
			buf_addstr(out, "YEAR");
		return 1;
	}
	if (!find(data, len, "<table") && !find(data, len, "<TABLE") &&
	    (find(data, len, "__NEXT_DATA__") || find(data, len, "__NUXT__") ||
	     find(data, len, "ng-app") || find(data, len, "data-reactroot") ||
	     find(data, len, "DataTable"))) {
		buf_reset(out);
		buf_addstr(out, "the page has no table in its HTML: it builds it with JavaScript; "
			    "point the source at the data the page loads (a JSON endpoint or file)");
		return 1;
	}
	return 0;
}
