#ifndef CONFIG_WEB_H
#define CONFIG_WEB_H
#include "config/file.h"

/* The keys of web sources (url, snapshot, ttl, years, limits) and their kinds. */
void config_load_web(struct source *s, struct cfile *f, const struct config *cfg);
void config_load_web_kind(struct source *s, struct cfile *f);
void config_check_json_paths(struct source *s, struct cfile *f, const cJSON *list);
/* openalex-works: url, years, per_page, the institutions and their snapshot. */
void config_load_openalex(struct source *s, struct cfile *f, const struct config *cfg);
/* openalex-group (group.c): url, group_by, filter, max_requests; its query. */
void config_load_openalex_group(struct source *s, struct cfile *f, const struct config *cfg);
/* openalex-group: whether "per" is "period" (set on s), reported when neither. */
bool config_group_period(struct source *s, struct cfile *f);

#endif
