#include "lang/oaid.h"
#include <string.h>
#include "util/banned.h"

void oaid_strip(const char **s, size_t *len)
{
	static const char *const prefixes[] = { "https://openalex.org/",
		"http://openalex.org/", "https://ror.org/", "http://ror.org/" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (*len > n && !memcmp(*s, prefixes[i], n)) {
			*s += n;
			*len -= n;
			return;
		}
	}
}

int oa_short_id(const char *id, char out[OA_ID_MAX])
{
	const char *s = id;
	size_t len = strlen(id);

	oaid_strip(&s, &len);
	if (len < 2 || len >= OA_ID_MAX || (s[0] != 'I' && s[0] != 'i'))
		return -1;
	for (size_t i = 1; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	out[0] = 'I';
	memcpy(out + 1, s + 1, len - 1);
	out[len] = '\0';
	return 0;
}

void oa_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~*", c))
			buf_addch(out, c);
		else
			buf_addf(out, "%%%02X", c);
	}
}
