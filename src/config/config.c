/* Looking things up in a loaded configuration (config/config.h). */
#include "config/config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

int config_today(void)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *today = getenv("INTLKPI_TODAY");
	time_t now = time(NULL);
	struct tm tm;

	if (today && strlen(today) >= 4 && strspn(today, "0123456789") >= 4) {
		char *end;
		long y = strtol(today, &end, 10), m, d;
		/* YYYY or YYYY-MM-DD; anything else is ignored for the clock */
		if (y >= 1900 && y <= 2200 && end == today + 4) {
			if (!*end)
				return (int)y * 10000 + 1231;
			if (*end == '-' && strlen(end) == 6 && strspn(end + 1, "0123456789") == 2 &&
			    end[3] == '-' && strspn(end + 4, "0123456789") == 2) {
				m = strtol(end + 1, NULL, 10);
				d = strtol(end + 4, NULL, 10);
				if (m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1])
					return (int)(y * 10000 + m * 100 + d);
			}
			/* a year with something else after it: its year, the date unknown */
			if (*end == '-')
				return (int)y * 10000 + 1231;
		}
	}
	if (!localtime_r(&now, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int config_calendar_year(void)
{
	return config_today() / 10000;
}

int config_year_cut(const struct profile *p)
{
	if (p->as_of)
		return p->as_of;
	if (p->year_now && p->year_now < p->year_to)
		return p->year_now;
	return p->year_to;
}
