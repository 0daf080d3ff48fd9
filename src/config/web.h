#ifndef CONFIG_WEB_H
#define CONFIG_WEB_H
#include "config/file.h"

/* The keys of web sources (url, snapshot, ttl, years, limits) and their kinds. */
void config_load_web(struct source *s, struct cfile *f, const struct config *cfg);
void config_load_web_kind(struct source *s, struct cfile *f);
void config_check_json_paths(struct source *s, struct cfile *f, const cJSON *list);
/* openalex-works: url, years, per_page, the institutions and their snapshot. */
void config_load_openalex(struct source *s, struct cfile *f, const struct config *cfg);
/* openalex-group: url, group_by, max_requests; the query of each year. */
void config_load_openalex_group(struct source *s, struct cfile *f, const struct config *cfg);

#endif
