/*
 * clearance.h: the C API of clearance, for hosts in C, Go, Rust, C#, ... (anything with a
 * C FFI). It loads a deployment model (spec model-v1), changes where workloads are
 * placed, checks the model against the rules of spec section 4 and reads every finding.
 *
 * Where to start:
 *   1. clearance_model_load_file() (or clearance_model_load_json()) gives a model;
 *   2. clearance_check() gives a report of its findings;
 *   3. clearance_report_count() and clearance_report_get() read them one by one, or
 *      clearance_report_json() gives spec section 5's JSON in one string;
 *   4. clearance_report_free() and clearance_model_free() release both.
 * To accept some findings for a time, load a waivers file with clearance_waivers_load_file()
 * and pass it in clearance_check_options (see "Waivers" below).
 * examples/c/check.c is a complete program in under a hundred lines. To make a model in
 * code rather than from JSON, see clearance_builder_new().
 *
 * Conventions (those of libgit2):
 *   - Functions that can fail return an int: CLEARANCE_OK (0) or a negative CLEARANCE_E...
 *     code. clearance_error_last() then describes the failure; it is kept per thread.
 *   - The single output parameter comes first and is named `out`. On failure `*out` is
 *     left NULL (for pointers) or untouched.
 *   - A NULL argument where a value is needed is CLEARANCE_EINVALID, never a crash. Every
 *     clearance_..._free(NULL) does nothing.
 *   - Handles are opaque. A `const char *` handed out is borrowed from the object that
 *     handed it out and lives as long as that object (each function says which). A `char *`
 *     handed out is the caller's, to release with clearance_free().
 *   - No function calls abort() or exit(), and no C++ exception crosses this boundary.
 *
 * Threads: different handles may be used from different threads freely. One model may be
 * read (checked, iterated, serialised) by several threads at once, but
 * clearance_model_set_placement() and clearance_model_free() need it to themselves. A report
 * is never modified after it is made, so any number of threads may read it.
 */
#ifndef CLEARANCE_CLEARANCE_H
#define CLEARANCE_CLEARANCE_H

#include <stddef.h>

/* Marks the symbols of the C API; everything else in libclearance_c is hidden. */
#ifndef CLEARANCE_EXTERN
#if defined(_WIN32)
#if defined(CLEARANCE_C_BUILDING)
#define CLEARANCE_EXTERN __declspec(dllexport)
#else
#define CLEARANCE_EXTERN __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define CLEARANCE_EXTERN __attribute__((visibility("default")))
#else
#define CLEARANCE_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Return codes ------------------------------------------------------------------ */

enum {
  CLEARANCE_OK = 0,         /* success */
  CLEARANCE_EINVALID = -1,  /* an argument is NULL, out of range or of an unknown version */
  CLEARANCE_EINPUT = -2,    /* the model, its JSON or a marking is malformed */
  CLEARANCE_ENOTFOUND = -3, /* a named workload or node, or a file, does not exist */
  CLEARANCE_ENOMEM = -4,    /* out of memory */
  CLEARANCE_EINTERNAL = -5  /* a bug in clearance; please report it */
};

/* ---- Errors and version -------------------------------------------------------------- */

/*
 * This thread's last failure message; "" when nothing has failed on this thread yet.
 * Input errors list every problem found, one a line, each as
 * "file:line:column: /json/pointer: what was expected" (parts that are unknown are left
 * out). Successful calls do not clear it. Never NULL; the text is valid until the next
 * failing clearance call on this thread. Failures on other threads never change it.
 */
CLEARANCE_EXTERN const char *clearance_error_last(void);

/* The library's version, e.g. "0.1.0". Static storage. */
CLEARANCE_EXTERN const char *clearance_version(void);

/* Releases a string the library allocated (from clearance_report_json(),
 * clearance_report_text() or clearance_marking_canonical()). NULL does nothing. */
CLEARANCE_EXTERN void clearance_free(void *memory);

/* ---- Models ---------------------------------------------------------------------------- */

/* A deployment model: nodes, links, data, workloads, flows and a placement. */
typedef struct clearance_model clearance_model;

/* The kinds of entity a model has, for iteration. */
typedef enum clearance_entity {
  CLEARANCE_ENTITY_NODE = 0,
  CLEARANCE_ENTITY_LINK = 1,
  CLEARANCE_ENTITY_DATA = 2,
  CLEARANCE_ENTITY_WORKLOAD = 3,
  CLEARANCE_ENTITY_FLOW = 4
} clearance_entity;

/*
 * Loads a model file (spec model-v1). Without a "name" key the model is named after the
 * file. Errors: CLEARANCE_EINVALID (NULL argument), CLEARANCE_ENOTFOUND (the file cannot be
 * read), CLEARANCE_EINPUT (the JSON or the model is invalid; clearance_error_last() lists
 * every problem with its line:column and JSON pointer), CLEARANCE_ENOMEM.
 * Free the model with clearance_model_free().
 */
CLEARANCE_EXTERN int clearance_model_load_file(clearance_model **out, const char *path);

/*
 * Loads a model from `length` bytes of JSON text (which need not end with a NUL). Without
 * a "name" key the model is named "model". Errors as clearance_model_load_file().
 */
CLEARANCE_EXTERN int clearance_model_load_json(clearance_model **out, const char *json, size_t length);

/* Releases a model. Reports made from it stay valid. NULL does nothing. */
CLEARANCE_EXTERN void clearance_model_free(clearance_model *model);

/* The model's name; borrowed from the model. NULL when `model` is NULL. */
CLEARANCE_EXTERN const char *clearance_model_name(const clearance_model *model);

/* How many entities of a kind the model has; 0 when `model` is NULL or `kind` unknown. */
CLEARANCE_EXTERN size_t clearance_model_count(const clearance_model *model, clearance_entity kind);

/*
 * The id of entity `index` (0 <= index < clearance_model_count()) of a kind, in the order
 * of the model file. The string is borrowed from the model: valid until
 * clearance_model_free(), whatever placements change. Errors: CLEARANCE_EINVALID (NULL
 * argument, unknown kind, index out of range).
 */
CLEARANCE_EXTERN int clearance_model_id(const char **out, const clearance_model *model, clearance_entity kind,
                                        size_t index);

/*
 * The index of the entity of a kind with id `id`. Errors: CLEARANCE_EINVALID (NULL
 * argument, unknown kind), CLEARANCE_ENOTFOUND (no such id; the message suggests the
 * nearest one).
 */
CLEARANCE_EXTERN int clearance_model_find(size_t *out, const clearance_model *model, clearance_entity kind,
                                          const char *id);

/*
 * How many nodes the workload `workload` is placed on (one per replica); 0 when it has no
 * placement. Errors: CLEARANCE_EINVALID (NULL argument), CLEARANCE_ENOTFOUND (unknown
 * workload).
 */
CLEARANCE_EXTERN int clearance_model_placement_count(size_t *out, const clearance_model *model,
                                                     const char *workload);

/*
 * The id of the node of replica `index` of `workload`, borrowed from the model (valid
 * until clearance_model_free()). Errors: CLEARANCE_EINVALID (NULL argument, index out of
 * range), CLEARANCE_ENOTFOUND (unknown workload).
 */
CLEARANCE_EXTERN int clearance_model_placement_node(const char **out, const clearance_model *model,
                                                    const char *workload, size_t index);

/*
 * Places `workload` on the `count` nodes `nodes` (one per replica), replacing its
 * placement; count 0 removes it (`nodes` may then be NULL). All or nothing: on failure the
 * placement is unchanged. Reports made earlier are not affected.
 * Errors: CLEARANCE_EINVALID (NULL model or workload, NULL `nodes` with count > 0, a NULL
 * element), CLEARANCE_ENOTFOUND (unknown workload or node; the message suggests the
 * nearest id), CLEARANCE_EINPUT (a node named twice), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_model_set_placement(clearance_model *model, const char *workload,
                                                   const char *const *nodes, size_t count);

/* ---- Building a model without JSON ---------------------------------------------------- */

/*
 * A model builder: add nodes, links, data, workloads and flows, place workloads, then
 * clearance_builder_build(). The spec structs hold what a model file holds, as text where
 * the file has text (ids, markings, countries, "edge", "csfc", ...), and the build
 * validates them exactly as the loader does: every problem is reported at once, with a JSON
 * pointer into the equivalent model file ("/nodes/3/accredited"), indices counting the
 * add calls. The model uses the default (US) scheme; for another scheme, load JSON.
 *
 * Each spec struct has a version and an _INIT macro: start from the macro, set the fields
 * you need. A `const char *` left NULL and a number left at CLEARANCE_DEFAULT take the
 * default that spec model-v1 gives for an absent key. Arrays are a pointer and a count;
 * a NULL pointer means the key is absent. Nothing passed in is kept: the builder copies it.
 */
typedef struct clearance_builder clearance_builder;

/* A number field set to exactly this takes the spec's default (any other negative number
 * is an input error, as in a model file). */
#define CLEARANCE_DEFAULT (-1.0)

typedef struct clearance_node_spec {
  unsigned int version;                 /* CLEARANCE_NODE_SPEC_VERSION */
  const char *id;                       /* required */
  const char *jurisdiction;             /* required: a country code, e.g. "USA" */
  const char *accredited;               /* required: a marking, e.g. "SECRET//SI" */
  const char *kind;                     /* "region" (NULL) or "edge" */
  const char *name;                     /* display name; NULL: none */
  const char *const *access;            /* countries or groups; NULL: the jurisdiction */
  size_t access_count;
  const char *impact_level;             /* e.g. "IL6"; NULL: none */
  const char *zone;                     /* NULL: the node's id */
  const char *const *capacity_resources; /* with capacity_amounts; NULL: unlimited */
  const double *capacity_amounts;
  size_t capacity_count;
  const char *at_rest;                  /* "none" (NULL), "fips", "csfc" or "type1" */
  double mean_online_h;                 /* CLEARANCE_DEFAULT: always online */
  double mean_offline_h;                /* CLEARANCE_DEFAULT: 0 */
} clearance_node_spec;
#define CLEARANCE_NODE_SPEC_VERSION 1
#define CLEARANCE_NODE_SPEC_INIT \
  {CLEARANCE_NODE_SPEC_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, \
   CLEARANCE_DEFAULT, CLEARANCE_DEFAULT}

typedef struct clearance_link_spec {
  unsigned int version;             /* CLEARANCE_LINK_SPEC_VERSION */
  const char *id, *from, *to;       /* required; from and to are node ids */
  const char *kind;                 /* "network" (NULL), "guard", "diode" or "courier" */
  const char *direction;            /* "both" or "forward"; NULL: both (forward for diodes) */
  const char *carrier;              /* a level; NULL: the lower endpoint's level */
  const char *encryption;           /* "none" (NULL), "tls", "csfc" or "type1" */
  double latency_ms;                /* default 0 */
  double bandwidth_mbps;            /* CLEARANCE_DEFAULT: unlimited */
  const char *const *release_from;  /* guards: release i relabels release_from[i] as */
  const char *const *release_to;    /* release_to[i] (markings); NULL: no releases */
  size_t release_count;
} clearance_link_spec;
#define CLEARANCE_LINK_SPEC_VERSION 1
#define CLEARANCE_LINK_SPEC_INIT \
  {CLEARANCE_LINK_SPEC_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0.0, CLEARANCE_DEFAULT, NULL, NULL, 0}

typedef struct clearance_data_spec {
  unsigned int version;             /* CLEARANCE_DATA_SPEC_VERSION */
  const char *id, *marking;         /* required */
  const char *owner;                /* a country; NULL: the scheme's default owner */
  const char *const *residency;     /* countries or groups; NULL: none */
  size_t residency_count;
  const char *impact_level;         /* NULL: none */
} clearance_data_spec;
#define CLEARANCE_DATA_SPEC_VERSION 1
#define CLEARANCE_DATA_SPEC_INIT {CLEARANCE_DATA_SPEC_VERSION, NULL, NULL, NULL, NULL, 0, NULL}

typedef struct clearance_workload_spec {
  unsigned int version;             /* CLEARANCE_WORKLOAD_SPEC_VERSION */
  const char *id;                   /* required */
  const char *const *uses;          /* data ids; NULL: none */
  size_t uses_count;
  const char *const *resource_names; /* per replica, with resource_amounts; NULL: none */
  const double *resource_amounts;
  size_t resource_count;
  long long replicas;               /* default 1 */
  long long min_zones;              /* default 1 */
  double max_staleness_h;           /* CLEARANCE_DEFAULT: none */
} clearance_workload_spec;
#define CLEARANCE_WORKLOAD_SPEC_VERSION 1
#define CLEARANCE_WORKLOAD_SPEC_INIT \
  {CLEARANCE_WORKLOAD_SPEC_VERSION, NULL, NULL, 0, NULL, NULL, 0, 1, 1, CLEARANCE_DEFAULT}

typedef struct clearance_flow_spec {
  unsigned int version;             /* CLEARANCE_FLOW_SPEC_VERSION */
  const char *id, *from, *to, *data; /* required; from and to are workload ids */
  double max_latency_ms;            /* CLEARANCE_DEFAULT: none */
  double min_bandwidth_mbps;        /* CLEARANCE_DEFAULT: none */
} clearance_flow_spec;
#define CLEARANCE_FLOW_SPEC_VERSION 1
#define CLEARANCE_FLOW_SPEC_INIT \
  {CLEARANCE_FLOW_SPEC_VERSION, NULL, NULL, NULL, NULL, CLEARANCE_DEFAULT, CLEARANCE_DEFAULT}

/* A new, empty builder. Free it with clearance_builder_free(). Errors: CLEARANCE_EINVALID,
 * CLEARANCE_ENOMEM. */
CLEARANCE_EXTERN int clearance_builder_new(clearance_builder **out);

/* Releases a builder. NULL does nothing. */
CLEARANCE_EXTERN void clearance_builder_free(clearance_builder *builder);

/* The model's name (default "model"). Errors: CLEARANCE_EINVALID, CLEARANCE_ENOMEM. */
CLEARANCE_EXTERN int clearance_builder_set_name(clearance_builder *builder, const char *name);

/*
 * Add one entity each. The spec is copied; most problems are found by
 * clearance_builder_build(). Errors: CLEARANCE_EINVALID (NULL builder or spec, unknown spec
 * version, a NULL array with a non-zero count or a NULL element), CLEARANCE_EINPUT (an
 * unknown spelling in kind, direction, encryption or at_rest), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_builder_add_node(clearance_builder *builder, const clearance_node_spec *spec);
CLEARANCE_EXTERN int clearance_builder_add_link(clearance_builder *builder, const clearance_link_spec *spec);
CLEARANCE_EXTERN int clearance_builder_add_data(clearance_builder *builder, const clearance_data_spec *spec);
CLEARANCE_EXTERN int clearance_builder_add_workload(clearance_builder *builder, const clearance_workload_spec *spec);
CLEARANCE_EXTERN int clearance_builder_add_flow(clearance_builder *builder, const clearance_flow_spec *spec);

/* Places a workload's replicas on `count` nodes (the model file's "placement"); placing a
 * workload twice is an input error at build. Errors as clearance_builder_add_node(). */
CLEARANCE_EXTERN int clearance_builder_place(clearance_builder *builder, const char *workload,
                                             const char *const *nodes, size_t count);

/*
 * Validates everything added and makes the model; the builder is left empty either way
 * (free it, or use it again). Errors: CLEARANCE_EINVALID (NULL argument), CLEARANCE_EINPUT
 * (clearance_error_last() lists every problem with its JSON pointer), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_builder_build(clearance_model **out, clearance_builder *builder);

/* ---- Markings ------------------------------------------------------------------------ */

/*
 * The canonical form of a marking in the default US scheme with owner USA, e.g.
 * "s//si/tk//rel to usa, fvey" -> "SECRET//SI/TK//REL TO USA, AUS, CAN, GBR, NZL".
 * `*out` is the caller's: release it with clearance_free(). Errors: CLEARANCE_EINVALID
 * (NULL argument), CLEARANCE_EINPUT (not a marking; the message gives the offset),
 * CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_marking_canonical(char **out, const char *marking);

/*
 * The countries data with this marking and owner may be released to (spec section 3,
 * markings-v1.1), in the default US scheme: alpha-3 codes separated by ", ", the owner
 * first when it is one of them and the rest sorted, e.g. "s//rel to gbr" -> "USA, GBR",
 * "//GBR SECRET" -> "GBR, USA", "//NATO SECRET" -> the members of NATO. `owner` NULL
 * means USA, or the originator of foreign government information ("//GBR SECRET").
 * `*out` is the caller's: release it with clearance_free(). Errors: CLEARANCE_EINVALID
 * (NULL marking or out, an owner that is no ISO 3166-1 alpha-3 code), CLEARANCE_EINPUT
 * (not a marking, or an owner the marking rules out: another than an FGI originator, none
 * of a JOINT marking's co-owners), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_marking_releasable(char **out, const char *marking, const char *owner);

/* ---- Checking --------------------------------------------------------------------------- */

/* Severities, lowest first. */
typedef enum clearance_severity {
  CLEARANCE_SEVERITY_LOW = 0,
  CLEARANCE_SEVERITY_MEDIUM = 1,
  CLEARANCE_SEVERITY_HIGH = 2,
  CLEARANCE_SEVERITY_CRITICAL = 3
} clearance_severity;

/*
 * Options of a check. Initialise with CLEARANCE_CHECK_OPTIONS_INIT or
 * clearance_check_options_init(), then set what differs, so that a program built against
 * this header keeps working when later versions add fields.
 */
typedef struct clearance_waivers clearance_waivers; /* see "Waivers" below */

typedef struct clearance_check_options {
  unsigned int version;            /* CLEARANCE_CHECK_OPTIONS_VERSION */
  clearance_severity min_severity; /* findings below it are left out of the report (its
                                      count, findings, JSON and summary); default LOW */
  unsigned int jobs;               /* threads to use; 0 means one per processor; default 1.
                                      The report is the same for any value. */
  /* Version 2 (waivers, spec waivers-v1): */
  const clearance_waivers *waivers; /* loaded for this model, applied to the report (before
                                       min_severity leaves findings out); NULL: none. The
                                       report keeps what it needs: free them when you like. */
  const char *today;               /* the date waivers are judged on, "YYYY-MM-DD"; NULL:
                                      the current UTC date */
  int warn_expiring_days;          /* waivers expiring within this many days are listed as
                                      expiring in the text report; default 30 */
  /* Version 3 (docs/limits.md): */
  unsigned long long max_label_states; /* the most (node, label) states one data class's
                                          flow search may take; more is CLEARANCE_EINPUT naming
                                          the class and the guards whose releases multiply
                                          its labels. 0: the default, 10,000,000 */
} clearance_check_options;

#define CLEARANCE_CHECK_OPTIONS_VERSION 3
#define CLEARANCE_CHECK_OPTIONS_INIT {CLEARANCE_CHECK_OPTIONS_VERSION, CLEARANCE_SEVERITY_LOW, 1, NULL, NULL, 30, 0}

/*
 * Sets `*options` to the defaults of `version` (pass CLEARANCE_CHECK_OPTIONS_VERSION); only
 * the fields of that version are written, so a program built against an older header is
 * safe. Errors: CLEARANCE_EINVALID (NULL, or a version this library does not know).
 */
CLEARANCE_EXTERN int clearance_check_options_init(clearance_check_options *options, unsigned int version);

/* The findings of one check. */
typedef struct clearance_report clearance_report;

/*
 * One finding. Every string is borrowed from the report it came from and stays valid until
 * clearance_report_free(), even after the model is changed or freed. A key the rule does
 * not carry (spec section 4) is NULL.
 */
typedef struct clearance_finding {
  const char *rule, *severity, *message;                      /* "placement.release", "critical" */
  const char *workload, *node, *data, *flow, *link, *resource; /* the rule's keys, or NULL */
  const char *const *controls;                                 /* NIST SP 800-53 controls, e.g. "AC-21" */
  size_t controls_count;
} clearance_finding;

/*
 * Checks the model's current placement against every rule. The report is independent of
 * the model afterwards: it stays valid and unchanged when the model's placement changes
 * or the model is freed. Free it with clearance_report_free().
 * Errors: CLEARANCE_EINVALID (NULL argument), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_check(clearance_report **out, const clearance_model *model);

/*
 * clearance_check() with options; NULL `options` means the defaults. Errors as
 * clearance_check(), and CLEARANCE_EINVALID for an unknown options version or severity,
 * a `today` that is not a date, or waivers loaded for another model.
 */
CLEARANCE_EXTERN int clearance_check_with_options(clearance_report **out, const clearance_model *model,
                                                  const clearance_check_options *options);

/* How many findings the report has; 0 when `report` is NULL. */
CLEARANCE_EXTERN size_t clearance_report_count(const clearance_report *report);

/*
 * Finding `index` (0 <= index < clearance_report_count()), in the order of spec section 5:
 * severity (critical first), rule id, then the rule's keys. Its strings are borrowed from
 * the report. Errors: CLEARANCE_EINVALID (NULL argument, index out of range).
 */
CLEARANCE_EXTERN int clearance_report_get(clearance_finding *out, const clearance_report *report, size_t index);

/*
 * How many findings of the report have severity `severity`; 0 when `report` is NULL or the
 * severity unknown. (The summary of spec section 5.)
 */
CLEARANCE_EXTERN size_t clearance_report_count_severity(const clearance_report *report,
                                                        clearance_severity severity);

/*
 * The report as spec section 5's JSON (the bytes of `clearance check --format json`),
 * NUL-terminated, ending with a newline. `*out` is the caller's: release it with
 * clearance_free(). Errors: CLEARANCE_EINVALID (NULL argument), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_report_json(char **out, const clearance_report *report);

/*
 * The report as text for people (findings grouped by severity, then a summary line), the
 * output of `clearance check`. With `colour` non-zero, ANSI escapes highlight it (only for
 * terminals). Release `*out` with clearance_free(). Errors as clearance_report_json().
 */
CLEARANCE_EXTERN int clearance_report_text(char **out, const clearance_report *report, int colour);

/* Releases a report and every string borrowed from it. NULL does nothing. */
CLEARANCE_EXTERN void clearance_report_free(clearance_report *report);

/* ---- Waivers ------------------------------------------------------------------------- */

/*
 * Waivers (spec waivers-v1): an authorizing official accepts findings for a time, with a
 * reason, an approver and an end date. Load a waivers file for a model, pass it in
 * clearance_check_options.waivers, then read each finding's standing with
 * clearance_report_waiver(). A waived finding is still in the report (and its count and
 * JSON); it only stops counting as a failure.
 */

/*
 * Loads a waivers file for `model`: its key fields must name ids the model has. Errors:
 * CLEARANCE_EINVALID (NULL argument), CLEARANCE_ENOTFOUND (the file cannot be read),
 * CLEARANCE_EINPUT (the JSON or a waiver is invalid; clearance_error_last() lists every
 * problem with its line:column and JSON pointer), CLEARANCE_ENOMEM. The waivers do not hold
 * the model. Free them with clearance_waivers_free().
 */
CLEARANCE_EXTERN int clearance_waivers_load_file(clearance_waivers **out, const clearance_model *model,
                                                 const char *path);

/* The same from `length` bytes of JSON text (which need not end with a NUL). */
CLEARANCE_EXTERN int clearance_waivers_load_json(clearance_waivers **out, const clearance_model *model,
                                                 const char *json, size_t length);

/* Releases waivers; reports made with them stay valid. NULL does nothing. */
CLEARANCE_EXTERN void clearance_waivers_free(clearance_waivers *waivers);

/* How many waivers the file has; 0 when `waivers` is NULL. */
CLEARANCE_EXTERN size_t clearance_waivers_count(const clearance_waivers *waivers);

/* A finding's standing against the waivers of its check. */
typedef enum clearance_waiver_status {
  CLEARANCE_WAIVER_NONE = 0,    /* no waiver matches it (or the check had no waivers) */
  CLEARANCE_WAIVER_WAIVED = 1,  /* a waiver that holds on the check's date waives it */
  CLEARANCE_WAIVER_EXPIRED = 2  /* only expired waivers match it: it is not waived */
} clearance_waiver_status;

/* The waiver of a finding: the one that waives it, or (EXPIRED) the first expired one. The
 * strings are borrowed from the report; all NULL with CLEARANCE_WAIVER_NONE, and `ticket`
 * NULL when the waiver has none. */
typedef struct clearance_finding_waiver {
  unsigned int version;               /* CLEARANCE_FINDING_WAIVER_VERSION */
  clearance_waiver_status status;
  const char *id, *justification, *approved_by;
  const char *expires;                /* "YYYY-MM-DD": holds through that day (UTC) */
  const char *ticket;
} clearance_finding_waiver;
#define CLEARANCE_FINDING_WAIVER_VERSION 1
#define CLEARANCE_FINDING_WAIVER_INIT \
  {CLEARANCE_FINDING_WAIVER_VERSION, CLEARANCE_WAIVER_NONE, NULL, NULL, NULL, NULL, NULL}

/*
 * The waiver standing of finding `index` (as clearance_report_get()). Set `out->version`
 * first (start from CLEARANCE_FINDING_WAIVER_INIT). Errors: CLEARANCE_EINVALID (NULL
 * argument, index out of range, unknown version).
 */
CLEARANCE_EXTERN int clearance_report_waiver(clearance_finding_waiver *out, const clearance_report *report,
                                             size_t index);

/* How many findings of the report are waived; 0 when `report` is NULL. */
CLEARANCE_EXTERN size_t clearance_report_count_waived(const clearance_report *report);

/* How many waivers matched no finding of the check (spec waivers-v1 §2: "unused"); 0 when
 * `report` is NULL or the check had no waivers. */
CLEARANCE_EXTERN size_t clearance_report_unused_waiver_count(const clearance_report *report);

/*
 * The id of unused waiver `index` (0 <= index < clearance_report_unused_waiver_count()), in
 * file order; borrowed from the report. Errors: CLEARANCE_EINVALID (NULL argument, index out
 * of range).
 */
CLEARANCE_EXTERN int clearance_report_unused_waiver(const char **out, const clearance_report *report, size_t index);

/* ---------------------------------------------------------------------------------------
 * Exposure on capture (spec resilience-v1 §5): what an adversary gets who captures a node:
 * the data at rest on it (exposed or protected by its at-rest encryption), the flows whose
 * routes may pass it with the labels their data carries there, and a summary.
 * ------------------------------------------------------------------------------------- */
typedef struct clearance_exposure clearance_exposure;

/*
 * What capturing `capture` (a node id) exposes, or every edge node's capture when `capture`
 * is NULL. Free with clearance_exposure_free(). Errors: CLEARANCE_EINVALID (NULL out or
 * model), CLEARANCE_ENOTFOUND (no such node).
 */
CLEARANCE_EXTERN int clearance_exposure_compute(clearance_exposure **out, const clearance_model *model,
                                                const char *capture);

/* How many captures the result holds (one per captured node, in node order); 0 for NULL. */
CLEARANCE_EXTERN size_t clearance_exposure_capture_count(const clearance_exposure *exposure);

/*
 * Capture `index`: its node id (borrowed from the result), and how many data at rest are
 * exposed, how many (flow, source) pairs pass it, and its highest exposed level (borrowed;
 * NULL when nothing is exposed). Any of the out pointers but `node` may be NULL.
 * Errors: CLEARANCE_EINVALID (NULL argument, index out of range).
 */
CLEARANCE_EXTERN int clearance_exposure_capture(const char **node, size_t *exposed_at_rest, size_t *in_transit,
                                                const char **level, const clearance_exposure *exposure,
                                                size_t index);

/*
 * The result as spec §5 JSON, or with `rank` non-zero the captures ranked by what they
 * expose; `*out` is from malloc, free it with clearance_free(). Errors: CLEARANCE_EINVALID.
 */
CLEARANCE_EXTERN int clearance_exposure_json(char **out, const clearance_exposure *exposure, int rank);
/* The same for people (text). */
CLEARANCE_EXTERN int clearance_exposure_text(char **out, const clearance_exposure *exposure, int rank);

/* Frees the result; NULL is a no-op. */
CLEARANCE_EXTERN void clearance_exposure_free(clearance_exposure *exposure);

/* ---------------------------------------------------------------------------------------
 * What-if and resilience (spec resilience-v1 §1–4): the findings that taking nodes and
 * links down adds to and resolves in the check of the whole model, and for every (flow,
 * source node) pair that works, the elements whose failure alone breaks it and, with
 * availability, the probability that it keeps working. Elements are written "node:ID" or
 * "link:ID".
 * ------------------------------------------------------------------------------------- */
typedef struct clearance_whatif clearance_whatif;

/*
 * Checks the model with the `down_count` elements of `down` down and compares it with the
 * check of the whole model, both with `options` (NULL: the defaults; see
 * clearance_check_with_options()). Free with clearance_whatif_free(); the result stays
 * valid when the model changes or is freed. Errors: CLEARANCE_EINVALID (NULL out or model,
 * NULL `down` with a non-zero count or a NULL element, options as
 * clearance_check_with_options()), CLEARANCE_EINPUT (an element that is not `node:`/`link:`
 * and an id of the model; the message suggests the nearest), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_whatif_compute(clearance_whatif **out, const clearance_model *model,
                                              const char *const *down, size_t down_count,
                                              const clearance_check_options *options);

/* How many findings the elements down add (only in the check with them down) and
 * resolve (only in the check of the whole model); 0 for NULL. */
CLEARANCE_EXTERN size_t clearance_whatif_added_count(const clearance_whatif *whatif);
CLEARANCE_EXTERN size_t clearance_whatif_resolved_count(const clearance_whatif *whatif);

/*
 * Added (or resolved) finding `index`, in spec section 5's order; its strings are borrowed
 * from the result. Errors: CLEARANCE_EINVALID (NULL argument, index out of range).
 */
CLEARANCE_EXTERN int clearance_whatif_added(clearance_finding *out, const clearance_whatif *whatif, size_t index);
CLEARANCE_EXTERN int clearance_whatif_resolved(clearance_finding *out, const clearance_whatif *whatif,
                                               size_t index);

/*
 * The waiver standing of added (or resolved) finding `index`, as clearance_report_waiver()
 * gives it for a report: waived, only an expired waiver, or none. Set `out->version` first
 * (start from CLEARANCE_FINDING_WAIVER_INIT); the strings are borrowed from the result.
 * Errors: CLEARANCE_EINVALID (NULL argument, index out of range, unknown version).
 */
CLEARANCE_EXTERN int clearance_whatif_added_waiver(clearance_finding_waiver *out, const clearance_whatif *whatif,
                                                   size_t index);
CLEARANCE_EXTERN int clearance_whatif_resolved_waiver(clearance_finding_waiver *out, const clearance_whatif *whatif,
                                                      size_t index);

/* 1 when some added finding is not waived (`clearance whatif` then exits 1), else 0 (and
 * for NULL). */
CLEARANCE_EXTERN int clearance_whatif_has_added_findings(const clearance_whatif *whatif);

/*
 * Spec §2's JSON (the bytes of `clearance whatif --format json`), or the text for people;
 * `*out` is the caller's, release it with clearance_free(). Errors: CLEARANCE_EINVALID
 * (NULL argument), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_whatif_json(char **out, const clearance_whatif *whatif);
CLEARANCE_EXTERN int clearance_whatif_text(char **out, const clearance_whatif *whatif);

/* Frees the result; NULL is a no-op. */
CLEARANCE_EXTERN void clearance_whatif_free(clearance_whatif *whatif);

typedef struct clearance_resilience clearance_resilience;

/* Options of clearance_resilience_compute(); start from CLEARANCE_RESILIENCE_OPTIONS_INIT. */
typedef struct clearance_resilience_options {
  unsigned int version;     /* CLEARANCE_RESILIENCE_OPTIONS_VERSION */
  int availability;         /* non-zero: compute each pair's availability and the staleness of
                               edge nodes (spec §4); default 0 */
  unsigned long long seed;  /* of the Monte-Carlo estimates: the same seed, the same numbers;
                               default 1 */
  unsigned long long samples; /* Monte-Carlo samples per pair, at least 1; default 100000 */
} clearance_resilience_options;
#define CLEARANCE_RESILIENCE_OPTIONS_VERSION 1
#define CLEARANCE_RESILIENCE_OPTIONS_INIT {CLEARANCE_RESILIENCE_OPTIONS_VERSION, 0, 1, 100000}

/* Sets `*options` to the defaults of `version` (pass CLEARANCE_RESILIENCE_OPTIONS_VERSION).
 * Errors: CLEARANCE_EINVALID (NULL, or a version this library does not know). */
CLEARANCE_EXTERN int clearance_resilience_options_init(clearance_resilience_options *options,
                                                       unsigned int version);

/*
 * The single points of failure of every working (flow, source) pair, with `options` (NULL:
 * the defaults). Free with clearance_resilience_free(). Errors: CLEARANCE_EINVALID (NULL
 * out or model, unknown options version, samples 0), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_resilience_compute(clearance_resilience **out, const clearance_model *model,
                                                  const clearance_resilience_options *options);

/* How many working pairs the result lists (flow order, then node order); 0 for NULL. */
CLEARANCE_EXTERN size_t clearance_resilience_pair_count(const clearance_resilience *resilience);

/*
 * Pair `index`: its flow and source node ids (borrowed from the result), how many elements
 * are critical for it, and its availability (-1 when computed without availability). Any
 * out pointer but `flow` may be NULL. Errors: CLEARANCE_EINVALID (NULL argument, index out
 * of range).
 */
CLEARANCE_EXTERN int clearance_resilience_pair(const char **flow, const char **node, size_t *critical_count,
                                               double *availability, const clearance_resilience *resilience,
                                               size_t index);

/*
 * Critical element `index` of pair `pair`, "link:ID" or "node:ID", links first, then by id
 * (borrowed from the result). Errors: CLEARANCE_EINVALID (NULL argument, pair or index out
 * of range).
 */
CLEARANCE_EXTERN int clearance_resilience_critical(const char **out, const clearance_resilience *resilience,
                                                   size_t pair, size_t index);

/*
 * Spec §3/§4's JSON (the bytes of `clearance resilience --format json`, with
 * `--availability` when asked), or the text for people; release `*out` with
 * clearance_free(). Errors: CLEARANCE_EINVALID (NULL argument), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_resilience_json(char **out, const clearance_resilience *resilience);
CLEARANCE_EXTERN int clearance_resilience_text(char **out, const clearance_resilience *resilience);

/* Frees the result; NULL is a no-op. */
CLEARANCE_EXTERN void clearance_resilience_free(clearance_resilience *resilience);

/* ---------------------------------------------------------------------------------------
 * Placement (spec place-v1): places every workload it can so that the checker finds no
 * placement, availability, capacity or flow finding for it, at the least cost of the
 * nodes' prices, and explains each workload it leaves out. It starts from the model's
 * current placement (clearance_model_set_placement() changes it).
 * ------------------------------------------------------------------------------------- */
typedef struct clearance_place_result clearance_place_result;

typedef enum clearance_place_mode {
  CLEARANCE_PLACE_FILL = 0,   /* keep what is placed cleanly, place the rest */
  CLEARANCE_PLACE_REPLAN = 1  /* every workload may move */
} clearance_place_mode;

/* Options of clearance_place(); start from CLEARANCE_PLACE_OPTIONS_INIT. */
typedef struct clearance_place_options {
  unsigned int version;       /* CLEARANCE_PLACE_OPTIONS_VERSION */
  clearance_place_mode mode;  /* default CLEARANCE_PLACE_FILL */
  unsigned int jobs;          /* threads, 0 for one per processor; default 0 */
  double time_limit_s;        /* wall-clock bound on clearance_place() as a whole (the search stops early
                                 enough for the final pass and the explanations, which always finish;
                                 0: no search beyond the first placement); default 8 */
} clearance_place_options;
#define CLEARANCE_PLACE_OPTIONS_VERSION 1
#define CLEARANCE_PLACE_OPTIONS_INIT {CLEARANCE_PLACE_OPTIONS_VERSION, CLEARANCE_PLACE_FILL, 0, 8.0}

/* Sets `*options` to the defaults of `version` (pass CLEARANCE_PLACE_OPTIONS_VERSION).
 * Errors: CLEARANCE_EINVALID (NULL, or a version this library does not know). */
CLEARANCE_EXTERN int clearance_place_options_init(clearance_place_options *options, unsigned int version);

/* What a placement achieved (spec §4): `has_lower_bound` says whether `lower_bound` is set. */
typedef struct clearance_place_summary {
  size_t placed, unplaced, kept, moved;
  double cost, lower_bound;
  int has_lower_bound, optimal;
} clearance_place_summary;

/*
 * Places the model's workloads with `options` (NULL: the defaults). Free with
 * clearance_place_free(); the result stays valid when the model changes or is freed.
 * Errors: CLEARANCE_EINVALID (NULL out or model, unknown options version or mode, a
 * negative time limit), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_place(clearance_place_result **out, const clearance_model *model,
                                     const clearance_place_options *options);

/* The counts, cost, bound and whether it is proven optimal. Errors: CLEARANCE_EINVALID (NULL). */
CLEARANCE_EXTERN int clearance_place_summary_get(clearance_place_summary *out, const clearance_place_result *result);

/*
 * How many nodes the result gives workload `workload` (0: unplaced), and node `index` of
 * them (borrowed from the result). Errors: CLEARANCE_EINVALID (NULL argument, index out of
 * range), CLEARANCE_ENOTFOUND (no such workload).
 */
CLEARANCE_EXTERN int clearance_place_node_count(size_t *out, const clearance_place_result *result,
                                                const char *workload);
CLEARANCE_EXTERN int clearance_place_node(const char **out, const clearance_place_result *result,
                                          const char *workload, size_t index);

/*
 * Unplaced workload `index` (0 <= index < summary.unplaced, by id): its id and the
 * explanation of spec §5 (borrowed from the result). Errors: CLEARANCE_EINVALID (NULL
 * argument, index out of range).
 */
CLEARANCE_EXTERN int clearance_place_unplaced(const char **workload, const char **message,
                                              const clearance_place_result *result, size_t index);

/*
 * Spec §5's JSON report (the bytes of `clearance place --format json`), the text for
 * people, or the placement alone (what `--output` writes; `clearance check --placement`
 * reads it); release `*out` with clearance_free(). Errors: CLEARANCE_EINVALID (NULL
 * argument), CLEARANCE_ENOMEM.
 */
CLEARANCE_EXTERN int clearance_place_json(char **out, const clearance_place_result *result);
CLEARANCE_EXTERN int clearance_place_text(char **out, const clearance_place_result *result);
CLEARANCE_EXTERN int clearance_place_placement_json(char **out, const clearance_place_result *result);

/* Frees the result; NULL is a no-op. */
CLEARANCE_EXTERN void clearance_place_free(clearance_place_result *result);

#ifdef __cplusplus
}
#endif

#endif /* CLEARANCE_CLEARANCE_H */
