#ifndef CONFIG_SOURCE_H
#define CONFIG_SOURCE_H
#include "config/file.h"

/* One indicators/sources/NAME.json file into s: common keys, kinds, metrics. */
void config_load_source(struct source *s, struct cfile *f,
			const struct config *cfg);
void config_source_release(struct source *s);

#endif
