/*
 * libFuzzer harness: the CSS selector parser and matcher, the rank-cell
 * parser and name normalisation on any text (one line: the selector).
 */
#include "lang/rank.h"
#include "lang/selector.h"
#include "util/textnorm.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char doc[] =
	"<div id=a class='x y'><table><tr><td>=451<td><b>n</b></table>"
	"<ul><li>1<li>2</ul><custom-el><p>t</p></custom-el></div>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static GumboOutput *tree;
	char *text = malloc(size + 1);
	struct selector *sel;
	struct buf err = BUF_INIT, norm = BUF_INIT;
	struct rank_band band;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (!tree)
		tree = gumbo_parse(doc);
	if (!selector_parse(text, &sel, &err)) {
		struct node_list l = { 0 };
		selector_all(sel, tree->document, &l);
		if (l.n && selector_first(sel, tree->document) != l.v[0])
			abort();
		node_list_release(&l);
		selector_free(sel);
	}
	if (rank_parse(text, &band) > 0 && !(band.low >= 1 && band.high >= band.low))
		abort();
	textnorm_name(text, &norm);
	buf_release(&err);
	buf_release(&norm);
	free(text);
	return 0;
}
