#ifndef SOURCES_FETCH_H
#define SOURCES_FETCH_H
#include "util/buf.h"
#include <stdbool.h>

/*
 * HTTP(S) GETs with libcurl, many at once on one multi handle with a limit
 * per host. Each request: only http and https (redirects too, at most 5),
 * connect and total timeouts, a maximum body size, a conditional GET when
 * validators are given (a 304 is "not modified", never data), retries with
 * exponential backoff and jitter on connection errors, timeouts, a body cut
 * short, 5xx and 429 (honouring Retry-After), bounded in attempts and in
 * total time. Any other HTTP error, an empty body or one that does not
 * match its Content-Length is a failure, never data. Messages name the URL
 * (shown_url), the HTTP status and libcurl's error text.
 */
enum fetch_result { FETCH_OK, FETCH_NOT_MODIFIED, FETCH_FAILED };

struct fetch_req {
	/* in: borrowed */
	const char *url;
	const char *shown_url;	/* in messages; NULL: url (give one without secrets) */
	const char *etag, *last_modified;	/* validators, NULL when none */
	long long timeout_ms;	/* per attempt, the whole transfer */
	long long max_bytes;
	/*
	 * A response header counting what is left of a quota (OpenAlex:
	 * X-RateLimit-Remaining); NULL: none. A 429 whose header says 0 is
	 * not retried: the quota is spent, waiting seconds will not help.
	 */
	const char *budget_header;
	/* out: owned, released by fetch_req_release */
	enum fetch_result result;
	long status;		/* the last HTTP status, 0 when none */
	struct buf body;	/* FETCH_OK */
	char *etag_out, *last_modified_out;	/* from the response, NULL when absent */
	struct buf err;		/* FETCH_FAILED: why */
	int attempts;
	long long budget_left;	/* budget_header of the last response; -1 when absent */
};

struct fetch_settings {
	const char *user_agent;
	int per_host;		/* transfers at once to one host */
	int max_attempts;
	long long retry_base_ms;	/* first backoff; doubles each attempt */
	long long retry_budget_ms;	/* no retry starts after this much time */
	long long connect_timeout_ms;
};

/*
 * Defaults: 2 per host, 4 attempts, backoff from 1 s, a budget of 120 s,
 * connect timeout 15 s. The environment variables INTLKPI_RETRY_BASE_MS
 * and INTLKPI_RETRY_BUDGET_MS override the backoff (they exist for tests).
 */
void fetch_settings_init(struct fetch_settings *s, const char *user_agent);
/* Runs every request to its end; returns how many failed. */
int fetch_all(struct fetch_req **reqs, size_t n, const struct fetch_settings *s);
void fetch_req_release(struct fetch_req *r);

#endif
