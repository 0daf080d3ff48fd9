/* Looking things up in a loaded configuration (config/config.h). */
#include "config/config.h"
#include <string.h>
#include "util/banned.h"

const struct area *config_area(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nareas; i++)
		if (cfg->areas[i].id && !strcmp(cfg->areas[i].id, id))
			return &cfg->areas[i];
	return NULL;
}

const struct source *config_source(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].id && !strcmp(cfg->sources[i].id, id))
			return &cfg->sources[i];
	return NULL;
}

const struct source *config_metric_source(const struct config *cfg,
					  const char *metric,
					  const struct metric_map **map)
{
	for (size_t i = 0; i < cfg->nsources; i++)
		for (size_t m = 0; m < cfg->sources[i].nmetrics; m++)
			if (cfg->sources[i].metrics[m].name &&
			    !strcmp(cfg->sources[i].metrics[m].name, metric)) {
				if (map)
					*map = &cfg->sources[i].metrics[m];
				return &cfg->sources[i];
			}
	return NULL;
}
