#ifndef UTIL_SCHEMA_H
#define UTIL_SCHEMA_H

/*
 * The "schema" value of each JSON output (schemas/NAME.schema.json). A reader
 * checks it before anything else; the version rule is in docs/analyst.md.
 */
#define KPIS_SCHEMA "intlkpi.kpis/3"
#define OBS_SCHEMA "intlkpi.observations/1"
#define PARTNERS_SCHEMA "intlkpi.partners/1"

#endif
