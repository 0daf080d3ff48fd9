#ifndef SOURCES_INSTITUTIONS_H
#define SOURCES_INSTITUTIONS_H
#include "sources/fetch.h"
#include "util/buf.h"

/*
 * Finding institution ids: OpenAlex /institutions (search and lookup by
 * id, with mailto and the key in requests only) and the ROR API
 * (organizations?query= and lookup by id; the v1 and v2 record shapes).
 * The APIs' base URLs are $INTLKPI_OPENALEX_API (default
 * https://api.openalex.org) and $INTLKPI_ROR_API (default
 * https://api.ror.org), which tests point at the loopback server.
 * A list owns its candidates and their strings.
 */
struct inst_candidate {
	const char *from;	/* "openalex" or "ror" (static) */
	char *openalex_id;	/* short, "I123"; NULL when unknown */
	char *ror;		/* short, "03rc6as71"; NULL when unknown */
	char *name, *country, *city, *type;	/* NULL when unknown */
	long long works;	/* OpenAlex works_count; -1 when unknown */
};

struct inst_list {
	struct inst_candidate *v;
	size_t n, alloc;
};

void inst_list_release(struct inst_list *l);

/* Candidates for name from OpenAlex (at most 25) into l: 0, or -1 with err. */
int inst_search_openalex(const char *name, const char *mailto,
			 const struct fetch_settings *fs, struct inst_list *l,
			 struct buf *err);
/* Candidates for name from ROR (at most 20) into l: 0, or -1 with err. */
int inst_search_ror(const char *name, const struct fetch_settings *fs,
		    struct inst_list *l, struct buf *err);
/* The institution of an OpenAlex id ("I123") or ROR id ("03rc6as71") into l. */
int inst_lookup_openalex(const char *id, const char *mailto,
			 const struct fetch_settings *fs, struct inst_list *l,
			 struct buf *err);
int inst_lookup_ror(const char *id, const struct fetch_settings *fs,
		    struct inst_list *l, struct buf *err);

/* "https://ror.org/03rc6as71" or "03rc6as71" -> "03rc6as71": 0, or -1. */
int ror_short_id(const char *id, char out[16]);

#endif
