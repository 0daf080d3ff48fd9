#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H
#include "config/config.h"
#include "kpi/kpi.h"
#include "extract/obs.h"
#include "util/buf.h"

/*
 * The machine-readable outputs. Each function renders into out (appended);
 * writing the files atomically is the caller's (cmd_compute).
 *   kpis.json          schema intlkpi.kpis/2
 *   kpis.csv           long format, one row per KPI and year
 *   observations.json  schema intlkpi.observations/1
 *   observations.csv   one row per observation, with its provenance
 * generated_at is an ISO 8601 UTC time.
 */
#define KPIS_SCHEMA "intlkpi.kpis/2"
#define OBS_SCHEMA "intlkpi.observations/1"

void report_kpis_json(struct buf *out, const struct config *cfg,
		      const struct obs_table *t, const struct kpi_results *r,
		      const char *generated_at);
void report_obs_json(struct buf *out, const struct obs_table *t,
		     const char *generated_at);

/*
 * CSV dialects. Both: UTF-8, a header row, CRLF, quotes only where needed
 * (RFC 4180), an empty cell for null, ISO 8601 times. CSV_RFC4180 has ','
 * and a decimal point; CSV_EXCEL is for a European Excel: a UTF-8 BOM, ';'
 * and a decimal comma, and text that Excel would run as a formula (a
 * leading = + - @) prefixed with a quote.
 */
enum csv_dialect { CSV_RFC4180, CSV_EXCEL };
#define KPIS_CSV_HEADER "kpi,area,year,value,target,target_set,progress," \
	"yoy_change,yoy_pct,unit,direction,final_status,stale"
#define OBS_CSV_HEADER "metric,year,key,value,source,path,url,line,sha256,fetched_at"

void report_kpis_csv_as(struct buf *out, const struct kpi_results *r,
			enum csv_dialect d);
void report_obs_csv_as(struct buf *out, const struct obs_table *t,
		       enum csv_dialect d);
/* The same in CSV_RFC4180. */
void report_kpis_csv(struct buf *out, const struct kpi_results *r);
void report_obs_csv(struct buf *out, const struct obs_table *t);
/* One CSV cell, quoted when it needs to be (RFC 4180). */
void csv_cell(struct buf *out, const char *s);

/* Writing CSV rows cell by cell in a dialect; out is borrowed. */
struct csv_writer {
	struct buf *out;
	enum csv_dialect dialect;
	int col;		/* cells so far in the current row */
};
/* Starts a document (the BOM of CSV_EXCEL). */
void csvw_init(struct csv_writer *w, struct buf *out, enum csv_dialect d);
/* names: the column names separated by ','; ends the row. */
void csvw_header(struct csv_writer *w, const char *names);
void csvw_text(struct csv_writer *w, const char *s);	/* NULL: empty */
void csvw_num(struct csv_writer *w, double v);		/* NAN: empty */
void csvw_int(struct csv_writer *w, long long v);
void csvw_bool(struct csv_writer *w, bool v);
void csvw_end_row(struct csv_writer *w);

#endif
