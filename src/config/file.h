#ifndef CONFIG_FILE_H
#define CONFIG_FILE_H
#include "config/config.h"
#include "util/jsonpos.h"
#include <cjson/cJSON.h>

/*
 * Internal to the configuration loader (load.c, source.c, web.c, expect.c): one
 * JSON file being read, and the checks that report problems in it as
 * "FILE:LINE:COL: message" lines. Getters return NULL or -1 (and report
 * when the key is required or has the wrong type); strings they return
 * belong to the caller.
 */
struct cfile {
	const char *name;	/* as shown in messages */
	char *text;
	cJSON *root;
	struct jsonpos pos;
	struct buf *errors;
	int *nerr;
};

/* Reads and parses path; on failure reports it and returns -1. */
int cfile_open(struct cfile *f, const char *path, const char *name,
	       struct buf *errors, int *nerr);
void cfile_close(struct cfile *f);

/* Reports a problem at node's value (at_key 0) or key (at_key 1). */
void cfg_err(struct cfile *f, const cJSON *node, int at_key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *cfg_type_name(const cJSON *n);
void cfg_check_duplicates(struct cfile *f, const cJSON *obj);
/* Unknown and duplicate keys of obj; allowed and extra end with NULL. */
void cfg_check_keys(struct cfile *f, const cJSON *obj,
		    const char *const *allowed, const char *const *extra);
int cfg_expect_object(struct cfile *f, const cJSON *n, const char *what);
char *cfg_str(struct cfile *f, const cJSON *obj, const char *key, int required);
int cfg_int(struct cfile *f, const cJSON *obj, const char *key, int required,
	    int *out);
int cfg_num(struct cfile *f, const cJSON *obj, const char *key, int required,
	    double *out);
/* The object's "id", checked against [a-z0-9_]+ (and '-' when allowed). */
char *cfg_id(struct cfile *f, const cJSON *obj, int allow_dash);
#define cfg_get(obj, key) cJSON_GetObjectItemCaseSensitive(obj, key)

/* A column: header text or 1-based number. */
int cfg_colref(struct cfile *f, const cJSON *n, const char *what,
	       struct colref *out);
/* A path inside the configuration directory: relative, no "..". */
int safe_relative_path(const char *p);
/* A JSON path (lang/jsonpath.h) into out->name. */
int cfg_path(struct cfile *f, const cJSON *n, const char *what, struct colref *out);
regex_t *cfg_regex(struct cfile *f, const cJSON *n, const char *what);
/* A CSS selector (lang/selector.h); NULL after reporting the error. */
struct selector *cfg_selector(struct cfile *f, const cJSON *n, const char *what);
/* An html-list rule: a selector string, or { selector?, attr?, regex? }. */
int cfg_rule(struct cfile *f, const cJSON *n, const char *what, struct html_rule *r);

#endif
