#include "util/textnorm.h"
#include "util/utf8.h"
#include <string.h>
#include "util/banned.h"

size_t textnorm_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = utf8_seq(u);

	switch (n) {
	case 1:
		*cp = u[0];
		return 1;
	case 2:
		*cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
		return 2;
	case 3:
		*cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 |
		      (u[2] & 0x3f);
		return 3;
	case 4:
		*cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
		      (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
		return 4;
	default:
		*cp = 0xfffd;
		return 1;
	}
}

void textnorm_encode(struct buf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(out, b, n);
}

static int is_space(uint32_t cp)
{
	return cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	       cp == 0x3000 || cp == 0xfeff || cp == 0xfffd;
}

void textnorm_space(const char *s, struct buf *out)
{
	int pending = 0, any = 0;

	while (*s) {
		uint32_t cp;
		size_t n = textnorm_decode(s, &cp);
		if (is_space(cp)) {
			pending = any;
		} else {
			if (pending)
				buf_addch(out, ' ');
			pending = 0;
			any = 1;
			buf_add(out, s, n);
		}
		s += n;
	}
}

/* Latin letters with diacritics and their base letters. */
static const struct fold {
	uint16_t from, to;
	const char *base;
} folds[] = {
	{ 0xc0, 0xc5, "a" }, { 0xc6, 0xc6, "ae" }, { 0xc7, 0xc7, "c" },
	{ 0xc8, 0xcb, "e" }, { 0xcc, 0xcf, "i" }, { 0xd0, 0xd0, "d" },
	{ 0xd1, 0xd1, "n" }, { 0xd2, 0xd6, "o" }, { 0xd8, 0xd8, "o" },
	{ 0xd9, 0xdc, "u" }, { 0xdd, 0xdd, "y" }, { 0xde, 0xde, "th" },
	{ 0xdf, 0xdf, "ss" }, { 0xe0, 0xe5, "a" }, { 0xe6, 0xe6, "ae" },
	{ 0xe7, 0xe7, "c" }, { 0xe8, 0xeb, "e" }, { 0xec, 0xef, "i" },
	{ 0xf0, 0xf0, "d" }, { 0xf1, 0xf1, "n" }, { 0xf2, 0xf6, "o" },
	{ 0xf8, 0xf8, "o" }, { 0xf9, 0xfc, "u" }, { 0xfd, 0xfd, "y" },
	{ 0xfe, 0xfe, "th" }, { 0xff, 0xff, "y" },
	{ 0x100, 0x105, "a" }, { 0x106, 0x10d, "c" }, { 0x10e, 0x111, "d" },
	{ 0x112, 0x11b, "e" }, { 0x11c, 0x123, "g" }, { 0x124, 0x127, "h" },
	{ 0x128, 0x131, "i" }, { 0x132, 0x133, "ij" }, { 0x134, 0x135, "j" },
	{ 0x136, 0x138, "k" }, { 0x139, 0x142, "l" }, { 0x143, 0x14b, "n" },
	{ 0x14c, 0x151, "o" }, { 0x152, 0x153, "oe" }, { 0x154, 0x159, "r" },
	{ 0x15a, 0x161, "s" }, { 0x162, 0x167, "t" }, { 0x168, 0x173, "u" },
	{ 0x174, 0x175, "w" }, { 0x176, 0x178, "y" }, { 0x179, 0x17e, "z" },
	{ 0x17f, 0x17f, "s" },
	/* Latin Extended-B: Romanian comma-below letters */
	{ 0x218, 0x219, "s" }, { 0x21a, 0x21b, "t" },
};

/* Lowercase of a Cyrillic or Greek letter, with ё/й folded; cp otherwise. */
static uint32_t fold_cyrillic_greek(uint32_t cp)
{
	if (cp == 0x401 || cp == 0x451)
		return 0x435;		/* Ё ё -> е */
	if (cp == 0x419 || cp == 0x439)
		return 0x438;		/* Й й -> и */
	if (cp == 0x407 || cp == 0x457)
		return 0x456;		/* Ї ї -> і */
	if (cp == 0x40e || cp == 0x45e)
		return 0x443;		/* Ў ў -> у */
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	/* pairs: upper case even, lower case odd (Kazakh ғ қ ң ү ұ һ ә ө) */
	if (((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48a && cp <= 0x4bf) ||
	     (cp >= 0x4d0 && cp <= 0x4ff)) && !(cp & 1))
		return cp + 1;
	if (cp >= 0x4c1 && cp <= 0x4ce && (cp & 1))
		return cp + 1;
	if (cp == 0x4c0)
		return 0x4cf;
	if (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2)
		return cp + 0x20;
	return cp;
}

/* The base letters of a Latin letter with diacritics, or NULL. */
static const char *fold_latin(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]); i++)
		if (cp >= folds[i].from && cp <= folds[i].to)
			return folds[i].base;
	return NULL;
}

static int is_punct(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			 (cp >= '0' && cp <= '9'));
	return (cp >= 0xa1 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
	       (cp >= 0x2010 && cp <= 0x206f) || (cp >= 0x3001 && cp <= 0x3003) ||
	       cp == 0x2212;
}

void textnorm_name(const char *s, struct buf *out)
{
	int pending = 0, any = 0;

	while (*s) {
		uint32_t cp;
		const char *base;
		size_t n = textnorm_decode(s, &cp);

		s += n;
		/* apostrophes join: "King's" and "Kings" match */
		if (cp == '\'' || cp == 0x2019 || cp == 0x2bc || cp == 0x2018)
			continue;
		/* combining diacritical marks */
		if (cp >= 0x300 && cp <= 0x36f)
			continue;
		if (is_space(cp) || is_punct(cp)) {
			pending = any;
			continue;
		}
		if (pending)
			buf_addch(out, ' ');
		pending = 0;
		any = 1;
		if (cp >= 'A' && cp <= 'Z')
			buf_addch(out, (int)(cp + 0x20));
		else if (cp < 0x80)
			buf_addch(out, (int)cp);
		else if ((base = fold_latin(cp)))
			buf_addstr(out, base);
		else
			textnorm_encode(out, fold_cyrillic_greek(cp));
	}
}
