#ifndef CONFIG_EXPECT_H
#define CONFIG_EXPECT_H
#include "config/file.h"

/* A source's "expect" block (docs/configuration.md), after its metrics. */
void config_load_expect(struct source *s, struct cfile *f);
void config_expect_release(struct source_expect *e);

#endif
