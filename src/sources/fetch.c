#include "sources/fetch.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

#define MAX_REDIRECTS 5L

/* One request's transfer state across its attempts. */
struct xfer {
	struct fetch_req *r;
	CURL *h;
	struct curl_slist *headers;
	char *host;
	char errbuf[CURL_ERROR_SIZE];
	long long start_ms, next_ms;
	bool active, done, too_large, conditional;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long env_ms(const char *name, long long dflt)
{
	const char *v = getenv(name);
	char *end;
	long long n;
	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end || n < 0) {
		warnf("%s='%s' is not a number of milliseconds; using %lld", name, v, dflt);
		return dflt;
	}
	return n;
}

void fetch_settings_init(struct fetch_settings *s, const char *user_agent)
{
	s->user_agent = user_agent;
	s->per_host = 2;
	s->max_attempts = 4;
	s->retry_base_ms = env_ms("INTLKPI_RETRY_BASE_MS", 1000);
	s->retry_budget_ms = env_ms("INTLKPI_RETRY_BUDGET_MS", 120000);
	s->connect_timeout_ms = 15000;
}

/* Jitter for the backoff; quality does not matter, independence does. */
static unsigned long long next_random(void)
{
	static unsigned long long x;
	if (!x)
		x = ((unsigned long long)time(NULL) << 20) ^ (unsigned long long)getpid() ^
		    (unsigned long long)now_ms();
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	if (buf_add(&x->r->body, p, size * n)) {
		x->too_large = true;
		return 0;
	}
	return size * n;
}

/* A validator is sent back only if it cannot break the request's headers. */
static bool header_safe(const char *v)
{
	if (!v || !*v || strlen(v) > 1024)
		return false;
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return false;
	return true;
}

/* The request's handle: 0, or -1 when libcurl has none to give (the request failed). */
static int setup(struct xfer *x, const struct fetch_settings *s)
{
	struct fetch_req *r = x->r;
	struct buf h = BUF_INIT;
	CURLU *u;

	x->h = curl_easy_init();
	if (!x->h) {
		buf_setf(&r->err, "'%s': cannot initialise libcurl",
			 r->shown_url ? r->shown_url : r->url);
		x->done = true;
		return -1;
	}
	u = curl_url();
	curl_easy_setopt(x->h, CURLOPT_URL, r->url);
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(x->h, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, s->user_agent);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, (long)r->timeout_ms);
	curl_easy_setopt(x->h, CURLOPT_CONNECTTIMEOUT_MS,
			 (long)(s->connect_timeout_ms < r->timeout_ms ?
				s->connect_timeout_ms : r->timeout_ms));
	curl_easy_setopt(x->h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->max_bytes);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	if (header_safe(r->etag)) {
		buf_addf(&h, "If-None-Match: %s", r->etag);
		x->headers = curl_slist_append(x->headers, h.buf);
	}
	if (header_safe(r->last_modified)) {
		buf_setf(&h, "If-Modified-Since: %s", r->last_modified);
		x->headers = curl_slist_append(x->headers, h.buf);
	}
	x->conditional = x->headers != NULL;
	if (x->headers)
		curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->headers);
	if (u && !curl_url_set(u, CURLUPART_URL, r->url, 0)) {
		char *host = NULL;
		if (!curl_url_get(u, CURLUPART_HOST, &host, 0))
			x->host = xstrdup(host);
		curl_free(host);
	}
	if (!x->host)
		x->host = xstrdup("");
	curl_url_cleanup(u);
	buf_release(&h);
	buf_init(&r->body, (size_t)r->max_bytes);
	return 0;
}

static char *response_header(CURL *h, const char *name)
{
	struct curl_header *hh;
	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return NULL;
	return xstrdup(hh->value);
}

/* Ends the request with a failure: "'URL': WHAT (HTTP N; K attempts in T s)". */
__attribute__((format(printf, 3, 4)))
static void fail(struct xfer *x, long long now, const char *fmt, ...)
{
	struct fetch_req *r = x->r;
	const char *sep = " (";
	size_t at;
	va_list ap;

	buf_setf(&r->err, "'%s': ", r->shown_url ? r->shown_url : r->url);
	at = r->err.len;
	va_start(ap, fmt);
	buf_vaddf(&r->err, fmt, ap);
	va_end(ap);
	if (r->status && strncmp(r->err.buf + at, "HTTP ", 5)) {
		buf_addf(&r->err, "%sHTTP %ld", sep, r->status);
		sep = "; ";
	}
	if (r->attempts > 1) {
		buf_addf(&r->err, "%s%d attempts in %.1f s", sep, r->attempts,
			 (double)(now - x->start_ms) / 1000);
		sep = "; ";
	}
	if (*sep == ';')
		buf_addch(&r->err, ')');
	buf_reset(&r->body);
	r->result = FETCH_FAILED;
	x->done = true;
}

static bool retryable_code(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/*
 * Schedules another attempt after a retryable failure described by what;
 * false (and the request failed) when attempts or the time budget are spent.
 */
static bool retry(struct xfer *x, const struct fetch_settings *s,
		  long long now, long long retry_after_s, const char *what)
{
	struct fetch_req *r = x->r;
	long long delay;

	if (r->attempts >= s->max_attempts) {
		fail(x, now, "%s", what);
		return false;
	}
	if (retry_after_s > 0) {
		delay = retry_after_s * 1000;
	} else {
		delay = s->retry_base_ms << (r->attempts - 1 < 20 ? r->attempts - 1 : 20);
		delay = delay / 2 + (long long)(next_random() % (unsigned long long)(delay / 2 + 1));
	}
	if (now + delay - x->start_ms > s->retry_budget_ms) {
		if (retry_after_s > 0)
			fail(x, now, "%s; Retry-After %lld s is past the retry budget of %.0f s",
			     what, retry_after_s, (double)s->retry_budget_ms / 1000);
		else
			fail(x, now, "%s", what);
		return false;
	}
	debugf("'%s': %s; retrying in %lld ms (attempt %d of %d)",
	      r->shown_url ? r->shown_url : r->url, what, delay, r->attempts + 1,
	      s->max_attempts);
	x->next_ms = now + delay;
	return true;
}

/* The budget header of the last response as a count, or -1. */
static long long budget(CURL *h, const char *name)
{
	struct curl_header *hh;
	char *end;
	long long n;

	if (!name || curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return -1;
	errno = 0;
	n = strtoll(hh->value, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	return errno || end == hh->value || *end || n < 0 ? -1 : n;
}

static void finished(struct xfer *x, CURLcode code, const struct fetch_settings *s)
{
	struct fetch_req *r = x->r;
	long long now = now_ms();
	long status = 0;
	struct buf what = BUF_INIT;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	r->status = status;
	r->budget_left = code == CURLE_OK ? budget(x->h, r->budget_header) : -1;
	if (code == CURLE_OK && status == 304) {
		if (x->conditional) {
			r->result = FETCH_NOT_MODIFIED;
			x->done = true;
		} else {
			fail(x, now, "HTTP 304 to a request that was not conditional");
		}
	} else if (code == CURLE_OK && status >= 200 && status < 300) {
		if (!r->body.len) {
			fail(x, now, "the body is empty");
		} else {
			r->result = FETCH_OK;
			r->etag_out = response_header(x->h, "ETag");
			r->last_modified_out = response_header(x->h, "Last-Modified");
			x->done = true;
		}
	} else if (code == CURLE_OK && status == 429 && r->budget_left == 0) {
		fail(x, now, "HTTP 429: the quota is spent (%s: 0); not retried",
		     r->budget_header);
	} else if (code == CURLE_OK && (status == 429 || status >= 500)) {
		curl_off_t after = 0;
		curl_easy_getinfo(x->h, CURLINFO_RETRY_AFTER, &after);
		buf_addf(&what, "HTTP %ld", status);
		retry(x, s, now, (long long)after, what.buf);
	} else if (code == CURLE_OK) {
		fail(x, now, "HTTP %ld", status);
	} else if (x->too_large || code == CURLE_FILESIZE_EXCEEDED) {
		fail(x, now, "the body is larger than max_bytes (%lld bytes)", r->max_bytes);
	} else {
		const char *text = *x->errbuf ? x->errbuf : curl_easy_strerror(code);
		char *where = NULL;
		buf_addstr(&what, text);
		/* after a redirect, libcurl's effective URL is where it was sent
		 * (not shown when the request URL holds a secret) */
		if (code == CURLE_UNSUPPORTED_PROTOCOL && !r->shown_url &&
		    !curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &where) && where &&
		    strcmp(where, r->url))
			buf_addf(&what, "; a redirect to '%s' refused (http and https only)",
				 where);
		if (retryable_code(code))
			retry(x, s, now, 0, what.buf);
		else
			fail(x, now, "%s", what.buf);
	}
	buf_release(&what);
}

static int active_on(const struct xfer *xs, size_t n, const char *host)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += xs[i].active && !strcmp(xs[i].host, host);
	return k;
}

int fetch_all(struct fetch_req **reqs, size_t n, const struct fetch_settings *s)
{
	struct xfer *xs;
	CURLM *m;
	size_t left = n;
	int failed = 0;

	if (!n)
		return 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	m = curl_multi_init();
	xs = xcalloc(n, sizeof(*xs));
	for (size_t i = 0; i < n; i++) {
		xs[i].r = reqs[i];
		reqs[i]->result = FETCH_FAILED;
		reqs[i]->status = 0;
		reqs[i]->attempts = 0;
		reqs[i]->budget_left = -1;
		buf_init(&reqs[i]->err, 0);
		if (setup(&xs[i], s)) {
			left--;
			failed++;
		}
		xs[i].start_ms = xs[i].next_ms = now_ms();
	}
	while (left) {
		long long now = now_ms(), wait = 1000;
		CURLMsg *msg;
		int running, queued;

		for (size_t i = 0; i < n; i++) {
			struct xfer *x = &xs[i];
			if (x->done || x->active)
				continue;
			if (x->next_ms > now) {
				wait = x->next_ms - now < wait ? x->next_ms - now : wait;
			} else if (active_on(xs, n, x->host) < s->per_host) {
				buf_reset(&x->r->body);
				x->errbuf[0] = '\0';
				x->too_large = false;
				x->r->attempts++;
				x->active = true;
				curl_multi_add_handle(m, x->h);
			}
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &queued))) {
			struct xfer *x;
			char *priv = NULL;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
			x = (struct xfer *)(void *)priv;
			curl_multi_remove_handle(m, x->h);
			x->active = false;
			finished(x, msg->data.result, s);
			wait = 0;
			if (x->done) {
				left--;
				failed += x->r->result == FETCH_FAILED;
			}
		}
		if (left)
			curl_multi_poll(m, NULL, 0, (int)wait, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		curl_easy_cleanup(xs[i].h);
		curl_slist_free_all(xs[i].headers);
		free(xs[i].host);
	}
	free(xs);
	curl_multi_cleanup(m);
	curl_global_cleanup();
	return failed;
}

void fetch_req_release(struct fetch_req *r)
{
	buf_release(&r->body);
	buf_release(&r->err);
	free(r->etag_out);
	free(r->last_modified_out);
	r->etag_out = r->last_modified_out = NULL;
}
