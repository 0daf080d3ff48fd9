#include "works/country.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

/*
 * Spellings that bibliographic databases use and iso-codes lacks, already
 * normalised. Web of Science abbreviates ("Peoples R China", "U Arab
 * Emirates") and names the nations of the United Kingdom; Scopus and
 * OpenAlex use short names. Kosovo has no ISO code: XK is the code the
 * European Commission and OpenAlex use.
 */
static const struct {
	const char *name, *code;
} aliases[] = {
	{ "peoples r china", "CN" }, { "people s republic of china", "CN" },
	{ "pr china", "CN" }, { "p r china", "CN" },
	{ "usa", "US" }, { "u s a", "US" }, { "united states of america", "US" },
	{ "england", "GB" }, { "scotland", "GB" }, { "wales", "GB" },
	{ "north ireland", "GB" }, { "northern ireland", "GB" }, { "uk", "GB" },
	{ "great britain", "GB" },
	{ "russia", "RU" }, { "russian federation", "RU" }, { "ussr", "RU" },
	{ "viet nam", "VN" }, { "vietnam", "VN" },
	{ "turkey", "TR" }, { "turkiye", "TR" },
	{ "south korea", "KR" }, { "korea", "KR" }, { "republic of korea", "KR" },
	{ "north korea", "KP" },
	{ "iran", "IR" }, { "taiwan", "TW" }, { "syria", "SY" }, { "laos", "LA" },
	{ "bolivia", "BO" }, { "venezuela", "VE" }, { "tanzania", "TZ" },
	{ "moldova", "MD" }, { "macedonia", "MK" }, { "brunei", "BN" },
	{ "czech republic", "CZ" }, { "palestine", "PS" }, { "micronesia", "FM" },
	{ "vatican", "VA" }, { "swaziland", "SZ" }, { "cape verde", "CV" },
	{ "curacao", "CW" }, { "reunion", "RE" }, { "cote d ivoire", "CI" },
	{ "cote ivoire", "CI" }, { "ivory coast", "CI" },
	{ "u arab emirates", "AE" }, { "uae", "AE" },
	{ "bosnia herceg", "BA" }, { "bosnia and herzegovina", "BA" },
	{ "papua n guinea", "PG" }, { "trinid tobago", "TT" },
	{ "dominican rep", "DO" }, { "cent afr republ", "CF" },
	{ "dem rep congo", "CD" }, { "democratic republic of the congo", "CD" },
	{ "rep congo", "CG" }, { "republic of the congo", "CG" },
	{ "equat guinea", "GQ" }, { "guinea bissau", "GW" },
	{ "antigua barbu", "AG" }, { "st kitts nevi", "KN" }, { "st lucia", "LC" },
	{ "st vincent", "VC" }, { "sao tome prin", "ST" },
	{ "turks caicos", "TC" }, { "falkland island", "FK" },
	{ "marshall island", "MH" }, { "byelarus", "BY" },
	{ "kosovo", "XK" }, { "hong kong", "HK" }, { "macau", "MO" },
	{ "macao", "MO" },
	/* more Web of Science abbreviations */
	{ "trinidad tobago", "TT" }, { "fr polynesia", "PF" }, { "fr guiana", "GF" },
	{ "surinam", "SR" }, { "solomon isl", "SB" }, { "cayman isl", "KY" },
	{ "faroe isl", "FO" }, { "falkland isl", "FK" }, { "marshall isl", "MH" },
	{ "wallis futuna", "WF" }, { "holland", "NL" },
	/* old records keep the names of their time; where one country took
	 * the place of another (ISO 3166-3), today's code. Those that split
	 * (Czechoslovakia, Yugoslavia) stay unknown. */
	{ "fed rep ger", "DE" }, { "w germany", "DE" }, { "west germany", "DE" },
	{ "ger dem rep", "DE" }, { "e germany", "DE" }, { "east germany", "DE" },
	{ "burma", "MM" }, { "zaire", "CD" }, { "upper volta", "BF" },
};

/*
 * The length of the UTF-8 punctuation or space at s, or 0: a no-break
 * space (U+00A0), the spaces, dashes and quotation marks of U+2000..U+201F
 * (Excel's autocorrect writes 'Cote d’Ivoire') and U+202F.
 */
static size_t typographic(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] <= 0x9F || u[2] == 0xAF))
		return 3;
	return 0;
}

/* Normalises s into out (reset first). */
static void normalise(struct buf *out, const char *s, size_t len)
{
	int space = 0;

	buf_reset(out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t punct = typographic(s + i, len - i);
		if (punct) {
			/* a typographic apostrophe, dash or space is punctuation too */
			space = 1;
			i += punct - 1;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
		    (c == '#' && i == 0)) {
			if (space && out->len)
				buf_addch(out, ' ');
			space = 0;
			buf_addch(out, c);
		} else {
			space = 1;
		}
	}
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct country_name *)a)->name,
		      ((const struct country_name *)b)->name);
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void add_name(struct country_table *t, size_t *alloc, const char *name,
		     const char *code)
{
	struct buf nb = BUF_INIT;

	normalise(&nb, name, strlen(name));
	if (!nb.len) {
		buf_release(&nb);
		return;
	}
	t->names = xgrow(t->names, alloc, t->n + 1, sizeof(*t->names));
	t->names[t->n].name = buf_detach(&nb, NULL);
	memcpy(t->names[t->n].code, code, 3);
	t->n++;
}

int country_table_load(struct country_table *t, const char *path, struct buf *err)
{
	static const char *const keys[] = { "name", "official_name", "common_name" };
	struct buf raw = BUF_INIT;
	size_t alloc = 0, a2 = 0;
	cJSON *root, *list, *e;
	const cJSON *c3;

	memset(t, 0, sizeof(*t));
	t->leiden = true;
	if (!path)
		path = getenv("INTLKPI_ISO_CODES");
	if (!path || !*path)
		path = COUNTRY_ISO_JSON;
	if (file_read(path, &raw, 0, err)) {
		buf_addstr(err, " (the iso-codes package provides it)");
		buf_release(&raw);
		return -1;
	}
	root = cJSON_ParseWithLength(raw.buf, raw.len);
	buf_release(&raw);
	list = cJSON_GetObjectItemCaseSensitive(root, "3166-1");
	if (!cJSON_IsArray(list)) {
		buf_setf(err, "'%s' is not the iso-codes ISO 3166-1 list", path);
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(e, list) {
		const cJSON *c2 = cJSON_GetObjectItemCaseSensitive(e, "alpha_2");
		if (!cJSON_IsString(c2) || strlen(c2->valuestring) != 2)
			continue;
		t->alpha2 = xgrow(t->alpha2, &a2, t->nalpha2 + 1, sizeof(*t->alpha2));
		memcpy(t->alpha2[t->nalpha2++], c2->valuestring, 3);
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, keys[k]);
			if (cJSON_IsString(v))
				add_name(t, &alloc, v->valuestring, c2->valuestring);
		}
		c3 = cJSON_GetObjectItemCaseSensitive(e, "alpha_3");
		if (cJSON_IsString(c3) && strlen(c3->valuestring) == 3) {
			/* "#abc": alpha-3 codes match only when written in capitals */
			char key[5] = { '#', c3->valuestring[0], c3->valuestring[1],
					c3->valuestring[2], '\0' };
			add_name(t, &alloc, key, c2->valuestring);
		}
	}
	cJSON_Delete(root);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		add_name(t, &alloc, aliases[i].name, aliases[i].code);
	t->alpha2 = xgrow(t->alpha2, &a2, t->nalpha2 + 1, sizeof(*t->alpha2));
	memcpy(t->alpha2[t->nalpha2++], "XK", 3);
	qsort(t->names, t->n, sizeof(*t->names), cmp_name);
	qsort(t->alpha2, t->nalpha2, sizeof(*t->alpha2), cmp_code);
	if (!t->nalpha2 || t->nalpha2 < 200) {
		buf_setf(err, "'%s' lists too few countries", path);
		country_table_release(t);
		return -1;
	}
	return 0;
}

void country_table_release(struct country_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->names[i].name);
	free(t->names);
	free(t->alpha2);
	memset(t, 0, sizeof(*t));
}

static void fold(const struct country_table *t, char out[3])
{
	if (t->leiden && (!strcmp(out, "HK") || !strcmp(out, "MO")))
		memcpy(out, "CN", 3);
}

int country_code_valid(const struct country_table *t, const char *code,
		       size_t len, char out[3])
{
	char c[3];

	if (len != 2)
		return 0;
	c[0] = code[0];
	c[1] = code[1];
	c[2] = '\0';
	if (!bsearch(c, t->alpha2, t->nalpha2, sizeof(*t->alpha2), cmp_code))
		return 0;
	memcpy(out, c, 3);
	fold(t, out);
	return 1;
}

/* The entry of the normalised name of s, or NULL. */
static const struct country_name *by_name(const struct country_table *t,
					  const char *s, size_t len)
{
	struct buf nb = BUF_INIT;
	struct country_name key;
	const struct country_name *hit = NULL;

	normalise(&nb, s, len);
	key.name = nb.buf;
	if (nb.len)
		hit = bsearch(&key, t->names, t->n, sizeof(*t->names), cmp_name);
	buf_release(&nb);
	return hit;
}

/* The alpha-3 code s (three letters, any case) to its alpha-2 in out. */
static int by_alpha3(const struct country_table *t, const char *s, char out[3])
{
	char a3[4] = { '#' };
	const struct country_name *hit;

	for (int i = 0; i < 3; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return 0;
		a3[i + 1] = c;
	}
	hit = by_name(t, a3, 4);
	if (!hit)
		return 0;
	memcpy(out, hit->code, 3);
	return 1;
}

static void trim(const char **s, size_t *len)
{
	while (*len && (unsigned char)(*s)[0] <= ' ') {
		(*s)++;
		(*len)--;
	}
	while (*len && ((unsigned char)(*s)[*len - 1] <= ' ' || (*s)[*len - 1] == '.'))
		(*len)--;
}

static int upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * Names and the alias table first ("UK" is an alias, not a code), then
 * alpha-2 and alpha-3 codes: in capitals only, or in any case.
 */
static int lookup(const struct country_table *t, const char *s, size_t len,
		  int any_case, char out[3])
{
	const struct country_name *hit;
	char c[4] = "";

	trim(&s, &len);
	/* ISO's own short names end so: "Netherlands (the)", "Bahamas (the)" */
	if (len > 6 && !strncasecmp(s + len - 5, "(the)", 5)) {
		len -= 5;
		trim(&s, &len);
	}
	hit = by_name(t, s, len);
	/* and people write "The Gambia", "The Netherlands" */
	if (!hit && len > 4 && !strncasecmp(s, "the ", 4))
		hit = by_name(t, s + 4, len - 4);
	if (hit) {
		memcpy(out, hit->code, 3);
		return 1;
	}
	if (len != 2 && len != 3)
		return 0;
	for (size_t i = 0; i < len; i++) {
		c[i] = s[i];
		if (any_case && c[i] >= 'a' && c[i] <= 'z')
			c[i] = (char)(c[i] - 'a' + 'A');
		if (!upper(c[i]))
			return 0;
	}
	if (len == 3)
		return by_alpha3(t, c, out);
	if (!bsearch(c, t->alpha2, t->nalpha2, sizeof(*t->alpha2), cmp_code))
		return 0;
	memcpy(out, c, 3);
	return 1;
}

int country_lookup(const struct country_table *t, const char *s, size_t len,
		   char out[3])
{
	if (!lookup(t, s, len, 0, out))
		return 0;
	fold(t, out);
	return 1;
}

int country_parse(const struct country_table *t, const char *s, size_t len,
		  char out[3])
{
	return lookup(t, s, len, 1, out);
}

/*
 * The two-letter codes of the United States' states, the District of
 * Columbia, its territories and its armed forces' mail, sorted: at the
 * end of an address ("ST LOUIS,MO.", "LA JOLLA,CA 92093.") they are the
 * United States, as Web of Science and Scopus mean them.
 */
static const char us_states[][3] = {
	"AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC",
	"DE", "FL", "GA", "GU", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA",
	"MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND", "NE",
	"NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC",
	"SD", "TN", "TX", "UM", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
};

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "MO", "CA 92093", "MD 20892-1234": a US state code and an optional ZIP code. */
static int us_state_tail(const char *s, size_t len)
{
	char c[3];

	if (len < 2 || !upper(s[0]) || !upper(s[1]))
		return 0;
	if (len > 2 && !(s[2] == ' ' && ((len == 8 && digits(s + 3, 5)) ||
		(len == 13 && digits(s + 3, 5) && s[8] == '-' && digits(s + 9, 4)))))
		return 0;
	c[0] = s[0];
	c[1] = s[1];
	c[2] = '\0';
	return bsearch(c, us_states, sizeof(us_states) / sizeof(us_states[0]),
		       sizeof(us_states[0]), cmp_code) != NULL;
}

int country_from_address(const struct country_table *t, const char *addr,
			 size_t len, char out[3], const char **tail, size_t *tail_len)
{
	const char *s = addr, *e = addr + len, *w;
	const struct country_name *hit;

	for (const char *p = addr; p < e; p++)
		if (*p == ',')
			s = p + 1;
	while (s < e && (unsigned char)*s <= ' ')
		s++;
	while (e > s && ((unsigned char)e[-1] <= ' ' || e[-1] == '.'))
		e--;
	*tail = s;
	*tail_len = (size_t)(e - s);
	/* a country's name, or one of the aliases ("UK", "Peoples R China") */
	hit = by_name(t, s, (size_t)(e - s));
	if (hit) {
		memcpy(out, hit->code, 3);
		fold(t, out);
		return 1;
	}
	/* "CA 92093 USA", "NY USA": a US state and ZIP code before USA */
	w = e;
	while (w > s && w[-1] != ' ')
		w--;
	if ((w > s && e - w == 3 && !memcmp(w, "USA", 3)) || us_state_tail(s, (size_t)(e - s))) {
		memcpy(out, "US", 3);
		return 1;
	}
	/* an alpha-3 code in capitals; two letters are a state or province, never a code */
	if (e - s == 3 && upper(s[0]) && upper(s[1]) && upper(s[2]) && by_alpha3(t, s, out)) {
		fold(t, out);
		return 1;
	}
	return 0;
}
