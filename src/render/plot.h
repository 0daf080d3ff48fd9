#ifndef RENDER_PLOT_H
#define RENDER_PLOT_H
#include "render/charts.h"
#include "util/buf.h"
#include "util/notes.h"

/*
 * Charts with gnuplot (the rules are in docs/report.md). plot_all reads
 * OUT/kpis.json and OUT/observations.json, writes one gnuplot script for
 * every chart and feeds it to one gnuplot process through one pipe. Each
 * chart is drawn as OUT/charts/NAME.svg and NAME.png (temporary files,
 * renamed once gnuplot reports the chart drawn without error) and listed in
 * OUT/charts/index.json, which the report reads. A chart that failed leaves
 * no file behind, not even an older one; but one drawn and not written
 * whole (empty, an SVG that does not close, a PNG without IEND: a full
 * disk) keeps the chart of an earlier run, and its error says so.
 *
 * Text from configuration or the web reaches gnuplot only through
 * gp_quote; data blocks hold numbers only.
 */
#define CHARTS_DIR "charts"
#define CHARTS_INDEX "index.json"
#define CHARTS_SCHEMA "intlkpi.charts/1"

extern const struct plot_options plot_defaults;

/*
 * Draws every chart of OUT. opts NULL means plot_defaults. Returns 0 when
 * every chart was drawn; 1 when the run finished but charts are missing
 * (gnuplot absent or failing; err says which and why); -1 when nothing
 * could be drawn (kpis.json unreadable, charts directory not writable) or
 * a chart or the index could not be written. What it noticed on the way
 * (gnuplot's complaints, charts the data cannot give, what was drawn) goes
 * into ns for the caller to say; ns NULL drops it.
 */
int plot_all(const char *out_dir, const struct plot_options *opts, struct notes *ns,
	     struct buf *err);

#endif
