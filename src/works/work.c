/* The format dispatcher: detection, names, reading a file or a body. */
#include "works/work.h"
#include "works/readers.h"
#include "works/jsonl_scan.h"
#include "util/csv.h"
#include "util/fs.h"
#include "util/gzdec.h"
#include "util/lines.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

const char *works_format_name(enum works_format fmt)
{
	static const char *const names[] = { "auto", "openalex-json", "openalex-jsonl",
		"openalex-csv", "scopus-csv", "wos", "wos-tab" };
	return names[fmt];
}

int works_format_parse(const char *name, enum works_format *fmt)
{
	for (int f = WORKS_FMT_AUTO; f <= WORKS_FMT_WOS_TAB; f++) {
		if (!strcmp(name, works_format_name((enum works_format)f))) {
			*fmt = (enum works_format)f;
			return 0;
		}
	}
	return -1;
}

/*
 * Whether the JSON value at p is pretty-printed: a newline outside strings
 * comes before it closes (JSON Lines never has one) and what follows is
 * not the next record's '{' (a JSON Lines file whose first line is cut
 * short). A value that closes on its line, or whose line is longer than
 * the bytes seen, is JSON Lines.
 */
static int pretty_printed(const char *p, const char *e)
{
	int depth = 0, str = 0;

	for (; p < e; p++) {
		char ch = *p;
		if (str) {
			if (ch == '\\' && p + 1 < e)
				p++;
			else if (ch == '"')
				str = 0;
			else if (ch == '\n')
				return 0;	/* a broken string: a malformed line */
		} else if (ch == '"') {
			str = 1;
		} else if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			if (--depth <= 0)
				return 0;
		} else if (ch == '\n') {
			while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
				p++;
			return p < e && *p != '{';
		}
	}
	return 0;
}

/*
 * Whether the object at p has a member "results" of its own (depth 1): a
 * /works page. The word in a work's abstract_inverted_index, or in a
 * title, is deeper or inside a string.
 */
static int page_member(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '"') {
			const char *s = ++p;
			while (p < end && *p != '"')
				p += *p == '\\' ? 2 : 1;
			if (p >= end)
				return 0;
			if (depth == 1 && p - s == 7 && !memcmp(s, "results", 7)) {
				const char *q = p + 1;
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
					q++;
				if (q < end && *q == ':')
					return 1;
			}
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		}
	}
	return 0;
}

enum works_format works_detect(const char *data, size_t len)
{
	const char *p = data, *e = data + len, *nl;

	if (len >= 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b)
		return WORKS_FMT_OPENALEX_JSONL;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (e - p >= 3 && (!memcmp(p, "FN ", 3) || !memcmp(p, "PT ", 3)))
		return WORKS_FMT_WOS_TAGGED;
	/* the tab-delimited layout, or an Excel re-save of it (';' or ',') */
	if (e - p >= 3 && !memcmp(p, "PT", 2) && (p[2] == '\t' || p[2] == ';' || p[2] == ','))
		return WORKS_FMT_WOS_TAB;
	if (p < e && *p == '[')
		return WORKS_FMT_OPENALEX_JSON;
	nl = memchr(p, '\n', (size_t)(e - p));
	if (p < e && *p == '{') {
		const char *end = nl ? nl : e;
		/* a value that a newline interrupts is a pretty-printed document */
		if (pretty_printed(p, e))
			return WORKS_FMT_OPENALEX_JSON;
		/* a /works page has "results"; works one per line do not */
		if (page_member(p, end))
			return WORKS_FMT_OPENALEX_JSON;
		return WORKS_FMT_OPENALEX_JSONL;
	}
	{
		size_t hl = nl ? (size_t)(nl - p) : (size_t)(e - p);
		struct buf h = BUF_INIT;
		enum works_format f = WORKS_FMT_AUTO;
		buf_add(&h, p, hl);
		if (strstr(h.buf, "authorships.countries"))
			f = WORKS_FMT_OPENALEX_CSV;
		else if (strstr(h.buf, "Affiliations"))
			f = WORKS_FMT_SCOPUS_CSV;
		buf_release(&h);
		return f;
	}
}

int works_read_mem(const char *data, size_t len, const char *name,
		   enum works_format fmt, const struct country_table *ct,
		   work_fn fn, void *arg, struct works_read_stats *st,
		   struct buf *err)
{
	struct buf utf8 = BUF_INIT;
	size_t i = 0;

	if (csv_from_utf16(data, len, &utf8)) {
		/* a UTF-16 export (WoS "Tab-delimited (Win, UTF-16)", Excel's Unicode Text) */
		int rc = works_read_mem(utf8.buf, utf8.len, name, fmt, ct, fn, arg, st, err);
		buf_release(&utf8);
		return rc;
	}
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i == len) {
		buf_setf(err, "'%s': the file is empty: no works to read", name);
		return -1;
	}
	if (fmt == WORKS_FMT_AUTO)
		fmt = works_detect(data, len);
	switch (fmt) {
	case WORKS_FMT_OPENALEX_JSON:
		return works_read_openalex_json(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_OPENALEX_JSONL:
		return works_read_jsonl_mem(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_OPENALEX_CSV:
		return works_read_openalex_csv(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_SCOPUS_CSV:
		return works_read_scopus_csv(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_WOS_TAGGED:
	case WORKS_FMT_WOS_TAB:
		return works_read_wos(data, len, name, fmt == WORKS_FMT_WOS_TAB, ct,
				      fn, arg, st, err);
	case WORKS_FMT_AUTO:
		break;
	}
	buf_setf(err, "'%s': cannot tell the format of the works; name it with "
		 "--input-format (openalex-json, openalex-jsonl, openalex-csv, "
		 "scopus-csv, wos or wos-tab)", name);
	return -1;
}

/* JSON Lines from a file, streamed (plain or gzip) with the fast scanner. */
static int read_jsonl_file(const char *path, const struct country_table *ct,
			   work_fn fn, void *arg, struct works_read_stats *st,
			   struct buf *err)
{
	struct lines l;
	struct oa_work ow;
	struct work_builder b;
	const char *line;
	size_t len;
	int rc = 0, r;

	if (lines_open(&l, path, 0, 0, err)) {
		lines_close(&l);
		return -1;
	}
	oa_work_init(&ow);
	wb_init(&b);
	while ((r = lines_next(&l, &line, &len, err)) > 0) {
		st->lines++;
		if (r == 2) {
			st->too_long++;
			works_stats_bad(st, l.lineno);
			continue;
		}
		if (oa_line_blank(line, len)) {
			st->blank++;
			continue;
		}
		if (jsonl_scan(&ow, line, len)) {
			works_stats_bad(st, l.lineno);
			continue;
		}
		work_from_openalex(&b, &ow, ct);
		b.line = l.lineno;
		st->works++;
		if (fn(wb_finish(&b), arg)) {
			rc = -1;
			break;
		}
	}
	if (r < 0)
		rc = -1;
	wb_release(&b);
	oa_work_release(&ow);
	lines_close(&l);
	return rc;
}

/* Inflates the gzip file path into out, up to cap bytes or more (a head); -1 with err. */
static int gz_inflate(const char *path, size_t cap, struct buf *out, struct buf *err)
{
	unsigned char chunk[1 << 16];
	struct gzdec *d;
	uint64_t in = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY);

	buf_reset(out);
	if (fd < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	d = gzdec_new();
	while (out->len < cap && (n = gzdec_read(d, fd, path, &in, chunk, sizeof(chunk), err)) > 0)
		if (buf_add(out, chunk, (size_t)n)) {
			buf_setf(err, "'%s': too large to inflate in memory", path);
			n = -1;
			break;
		}
	gzdec_free(d);
	close(fd);
	return n < 0 ? -1 : 0;
}

int works_gzip_is_jsonl(const char *path, enum works_format fmt)
{
	struct buf head = BUF_INIT, err = BUF_INIT;
	enum works_format d = WORKS_FMT_OPENALEX_JSONL;

	if (fmt != WORKS_FMT_AUTO)
		return fmt == WORKS_FMT_OPENALEX_JSONL;
	/* unreadable or corrupt: the JSON Lines reader says so */
	if (!gz_inflate(path, 1 << 16, &head, &err) && head.len)
		d = works_detect(head.buf, head.len);
	buf_release(&head);
	buf_release(&err);
	/* not told (UTF-16, no known format): read whole, as a plain file is */
	return d == WORKS_FMT_OPENALEX_JSONL;
}

int works_read_file(const char *path, enum works_format fmt,
		    const struct country_table *ct, work_fn fn, void *arg,
		    struct works_read_stats *st, struct buf *err)
{
	struct buf data = BUF_INIT;
	int rc;
	int gz = lines_is_gzip(path);

	if (gz < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (gz && !works_gzip_is_jsonl(path, fmt)) {
		/* a compressed export of another format: inflated, read whole */
		if (gz_inflate(path, SIZE_MAX, &data, err)) {
			buf_release(&data);
			return -1;
		}
		rc = works_read_mem(data.buf, data.len, path, fmt, ct, fn, arg, st, err);
		buf_release(&data);
		return rc;
	}
	if (fmt == WORKS_FMT_AUTO || fmt == WORKS_FMT_OPENALEX_JSONL) {
		/* sniff the start: JSON Lines (or gzip) stream, the rest is read whole */
		if (fmt == WORKS_FMT_AUTO && !gz) {
			/* the head tells: a pretty-printed page spans lines */
			char head[1 << 16];
			size_t n;
			FILE *f = fopen(path, "rb");
			if (!f) {
				buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
				return -1;
			}
			n = fread(head, 1, sizeof(head), f);
			fclose(f);
			fmt = n ? works_detect(head, n) : WORKS_FMT_AUTO;
		}
		if (gz || fmt == WORKS_FMT_OPENALEX_JSONL)
			return read_jsonl_file(path, ct, fn, arg, st, err);
	}
	if (file_read(path, &data, 0, err)) {
		buf_release(&data);
		return -1;
	}
	rc = works_read_mem(data.buf, data.len, path, fmt, ct, fn, arg, st, err);
	buf_release(&data);
	return rc;
}
