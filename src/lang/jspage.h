#ifndef LANG_JSPAGE_H
#define LANG_JSPAGE_H
#include "util/buf.h"
#include <stddef.h>

/*
 * Ranking pages that build their tables with JavaScript, recognised from
 * their HTML: THE (the page links its edition's data file under
 * the_data_rankings/), QS (the page carries "qs_rankings_rest_api" with the
 * edition's nid), ARWU (shanghairanking.com, a Nuxt page over its API), and
 * any page without a <table> that loads a script framework's data.
 *
 * jspage_hint: 1 when data[0..len) is such a page, with out (reset) saying
 * so and naming the data endpoint to use instead (year fills ARWU's
 * version; 0 leaves YEAR); 0 otherwise (out untouched).
 */
int jspage_hint(const char *data, size_t len, int year, struct buf *out);

#endif
