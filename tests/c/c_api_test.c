/*
 * Tests of the C API, written in C and compiled as C11 (no C++ in sight, as for a host).
 * Each example model is loaded and checked; its findings are compared with the expected
 * list of examples/README.md, and its JSON with the C++ report (the CLI's
 * `check --format json`) and with tests/golden/<example>.json when that file exists.
 * Then every error path, placements, options, iteration, lifetimes and the per-thread
 * error message. Prints "N passed, M failed"; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <clearance/clearance.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CLEARANCE_SOURCE_DIR
#error "CLEARANCE_SOURCE_DIR must be defined"
#endif

static int passed, failed;

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (cond) {                                                             \
      ++passed;                                                             \
    } else {                                                                \
      ++failed;                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                       \
  } while (0)

/* A call that must return `code`; on a mismatch the library's message is shown. */
#define CHECK_RC(call, code)                                                                  \
  do {                                                                                        \
    int rc_ = (call);                                                                         \
    if (rc_ == (code)) {                                                                      \
      ++passed;                                                                               \
    } else {                                                                                  \
      ++failed;                                                                               \
      fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s)\n", __FILE__, __LINE__, #call, rc_, \
              (int)(code), clearance_error_last());                                           \
    }                                                                                         \
  } while (0)

#define CHECK_STR(actual, expected) CHECK((actual) != NULL && strcmp((actual), (expected)) == 0)
#define CHECK_CONTAINS(text, part) CHECK((text) != NULL && strstr((text), (part)) != NULL)

static const char *const example_names[] = {"coalition-cloud", "edge-tactical", "cross-domain", "nato-sovereign"};

/* examples/README.md, "Expected findings (exact, in output order)", one string each. */
static const char *const coalition_expected[] = {
    "critical link.boundary link=legacy-cui-secret-push",
    "critical placement.compartments workload=sigint-fusion node=us-ts-west data=sigint-reporting",
    "critical placement.level workload=targeting-analytics node=us-west-il5 data=targeting-noforn",
    "critical placement.release workload=mpe-targeting node=us-mpe data=targeting-noforn",
    "high edge.at-rest workload=manpack-c2 node=edge-manpack-1 data=coalition-cop",
    "high flow.route flow=training-feedback-to-collector node=us-east-il6",
    "high placement.residency workload=aus-logistics-sync node=aus-sovereign data=itar-techdata",
    "medium availability.replicas workload=sensor-collector",
    "medium capacity.exceeded node=edge-fob-bravo resource=gpu",
    "medium edge.staleness workload=ship-mission-planning node=edge-ddg-51",
    NULL};
static const char *const edge_expected[] = {
    "high edge.at-rest workload=maint-predict node=vehicle-kit-1 data=maint-logs",
    "medium availability.zones workload=track-fusion",
    "medium flow.latency flow=detections-to-cop node=uas-gcs",
    "medium placement.missing workload=retrain-job",
    NULL};
static const char *const cross_expected[] = {
    "high link.transport link=sipr-wan",
    "high node.impact-level node=secret-enclave-b",
    "high placement.impact-level workload=case-mgmt node=low-il4 data=case-files",
    "medium flow.bandwidth flow=intel-to-ts node=secret-il6",
    NULL};
static const char *const nato_expected[] = {NULL};
static const char *const *const expected_findings[] = {coalition_expected, edge_expected, cross_expected,
                                                       nato_expected};
/* nodes / links / data / workloads / flows, from the README's table. */
static const size_t expected_counts[][5] = {{15, 19, 13, 21, 15}, {7, 7, 4, 7, 7}, {7, 6, 6, 8, 7}, {7, 7, 7, 7, 8}};

static void example_path(char *buffer, size_t size, const char *name) {
  snprintf(buffer, size, "%s/examples/%s.json", CLEARANCE_SOURCE_DIR, name);
}

/* The whole of a stream, NUL-terminated; NULL on failure. */
static char *read_stream(FILE *file) {
  size_t size = 0, capacity = 4096, got;
  char *text = malloc(capacity);
  if (text == NULL) return NULL;
  while ((got = fread(text + size, 1, capacity - size - 1, file)) > 0) {
    size += got;
    if (capacity - size - 1 == 0) {
      char *bigger = realloc(text, capacity * 2);
      if (bigger == NULL) {
        free(text);
        return NULL;
      }
      text = bigger;
      capacity *= 2;
    }
  }
  text[size] = '\0';
  return text;
}

static char *read_file(const char *path) {
  char *text;
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  text = read_stream(file);
  fclose(file);
  return text;
}

/* The C++ report of a model file: what the CLI prints with --format json. */
static char *cli_json(const char *path) {
  char command[4096];
  char *text;
  FILE *pipe;
  snprintf(command, sizeof command, "'%s' check --format json '%s' 2>/dev/null", CLEARANCE_CLI, path);
  pipe = popen(command, "r");
  if (pipe == NULL) return NULL;
  text = read_stream(pipe);
  pclose(pipe);
  return text;
}

/* "severity rule key=value ...", keys in the order of spec §4. */
static void describe(char *buffer, size_t size, const clearance_finding *f) {
  int n = snprintf(buffer, size, "%s %s", f->severity, f->rule);
  const char *keys[] = {"workload", "flow", "link", "node", "data", "resource"};
  const char *values[6];
  size_t k;
  values[0] = f->workload;
  values[1] = f->flow;
  values[2] = f->link;
  values[3] = f->node;
  values[4] = f->data;
  values[5] = f->resource;
  for (k = 0; k < 6; ++k)
    if (values[k] != NULL && n > 0 && (size_t)n < size) n += snprintf(buffer + n, size - (size_t)n, " %s=%s", keys[k], values[k]);
}

static int has_finding(const clearance_report *report, const char *description) {
  size_t i;
  char line[512];
  for (i = 0; i < clearance_report_count(report); ++i) {
    clearance_finding f;
    if (clearance_report_get(&f, report, i) != CLEARANCE_OK) return 0;
    describe(line, sizeof line, &f);
    if (strcmp(line, description) == 0) return 1;
  }
  return 0;
}

static void test_example(size_t e) {
  const char *name = example_names[e];
  const char *const *expected = expected_findings[e];
  char path[1024], golden_path[1024], line[512];
  clearance_model *model = NULL;
  clearance_report *report = NULL;
  char *json = NULL, *reference, *golden;
  size_t i, count, expected_count = 0;
  int kind;

  example_path(path, sizeof path, name);
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  if (model == NULL) return;
  CHECK_STR(clearance_model_name(model), name);
  for (kind = CLEARANCE_ENTITY_NODE; kind <= CLEARANCE_ENTITY_FLOW; ++kind)
    CHECK(clearance_model_count(model, (clearance_entity)kind) == expected_counts[e][kind]);

  CHECK_RC(clearance_check(&report, model), CLEARANCE_OK);
  if (report == NULL) {
    clearance_model_free(model);
    return;
  }

  /* The findings, one by one, against the README's list. */
  while (expected[expected_count] != NULL) ++expected_count;
  count = clearance_report_count(report);
  CHECK(count == expected_count);
  if (count != expected_count) fprintf(stderr, "  %s: %zu findings, expected %zu\n", name, count, expected_count);
  for (i = 0; i < count; ++i) {
    clearance_finding f;
    CHECK_RC(clearance_report_get(&f, report, i), CLEARANCE_OK);
    describe(line, sizeof line, &f);
    CHECK(f.message != NULL && f.message[0] != '\0');
    CHECK(f.controls_count > 0 && f.controls != NULL && f.controls[0] != NULL);
    if (i < expected_count && strcmp(line, expected[i]) != 0) {
      ++failed;
      fprintf(stderr, "  %s finding %zu:\n    got      %s\n    expected %s\n", name, i, line, expected[i]);
    } else if (i >= expected_count) {
      ++failed;
      fprintf(stderr, "  %s finding %zu is unexpected: %s\n", name, i, line);
    }
  }
  for (i = count; i < expected_count; ++i) {
    ++failed;
    fprintf(stderr, "  %s: missing finding %s\n", name, expected[i]);
  }
  CHECK(clearance_report_count_severity(report, CLEARANCE_SEVERITY_CRITICAL) +
            clearance_report_count_severity(report, CLEARANCE_SEVERITY_HIGH) +
            clearance_report_count_severity(report, CLEARANCE_SEVERITY_MEDIUM) +
            clearance_report_count_severity(report, CLEARANCE_SEVERITY_LOW) ==
        count);

  /* The JSON, byte for byte, against the C++ report and the golden file. */
  CHECK_RC(clearance_report_json(&json, report), CLEARANCE_OK);
  reference = cli_json(path);
  CHECK(reference != NULL && reference[0] != '\0');
  CHECK(json != NULL && reference != NULL && strcmp(json, reference) == 0);
  snprintf(golden_path, sizeof golden_path, "%s/tests/golden/%s.json", CLEARANCE_SOURCE_DIR, name);
  golden = read_file(golden_path);
  if (golden != NULL) {
    CHECK(json != NULL && strcmp(json, golden) == 0);
    if (json != NULL && strcmp(json, golden) != 0) fprintf(stderr, "  %s: JSON differs from %s\n", name, golden_path);
  } else {
    printf("note: no %s; compared with the CLI only\n", golden_path);
  }
  free(golden);
  free(reference);
  clearance_free(json);
  clearance_report_free(report);
  clearance_model_free(model);
}

static void test_load_errors(void) {
  clearance_model *model = (clearance_model *)&model; /* must be reset to NULL */
  char path[1024];
  const char *bad_json = "{\"clearance\": 1,,}";
  const char *bad_model =
      "{\n"
      "  \"clearance\": 1,\n"
      "  \"nodes\": [{\"id\": \"a\", \"jurisdiction\": \"USA\", \"accredited\": \"SECRET\", \"colour\": 1}]\n"
      "}\n";

  snprintf(path, sizeof path, "%s/examples/no-such-model.json", CLEARANCE_SOURCE_DIR);
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_ENOTFOUND);
  CHECK(model == NULL);
  CHECK_CONTAINS(clearance_error_last(), "no-such-model.json");

  CHECK_RC(clearance_model_load_json(&model, bad_json, strlen(bad_json)), CLEARANCE_EINPUT);
  CHECK(model == NULL);
  CHECK_CONTAINS(clearance_error_last(), "1:"); /* line:column */

  /* An unknown key: line:column and JSON pointer in the message. */
  CHECK_RC(clearance_model_load_json(&model, bad_model, strlen(bad_model)), CLEARANCE_EINPUT);
  CHECK(model == NULL);
  CHECK_CONTAINS(clearance_error_last(), "/nodes/0");
  CHECK_CONTAINS(clearance_error_last(), "3:");
  CHECK_CONTAINS(clearance_error_last(), "colour");

  /* The length bounds the text: the JSON is cut in the middle. */
  CHECK_RC(clearance_model_load_json(&model, bad_model, 10), CLEARANCE_EINPUT);
  CHECK_RC(clearance_model_load_json(&model, "", 0), CLEARANCE_EINPUT);
  CHECK(model == NULL);
}

static void test_null_arguments(void) {
  clearance_model *model = NULL;
  clearance_report *report = NULL;
  clearance_finding finding;
  clearance_check_options options = CLEARANCE_CHECK_OPTIONS_INIT;
  const char *text = NULL;
  char *owned = NULL;
  size_t index = 0;
  const char *nodes[] = {"us-east-il6", NULL};
  char path[1024];

  CHECK_RC(clearance_model_load_file(NULL, "x"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_load_file(&model, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_load_json(NULL, "{}", 2), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_load_json(&model, NULL, 2), CLEARANCE_EINVALID);
  CHECK(clearance_model_name(NULL) == NULL);
  CHECK(clearance_model_count(NULL, CLEARANCE_ENTITY_NODE) == 0);
  CHECK_RC(clearance_model_id(NULL, NULL, CLEARANCE_ENTITY_NODE, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_id(&text, NULL, CLEARANCE_ENTITY_NODE, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_find(&index, NULL, CLEARANCE_ENTITY_NODE, "x"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_count(&index, NULL, "x"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_node(&text, NULL, "x", 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_set_placement(NULL, "w", nodes, 1), CLEARANCE_EINVALID);
  CHECK_RC(clearance_check(NULL, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_check(&report, NULL), CLEARANCE_EINVALID);
  CHECK(report == NULL);
  CHECK_RC(clearance_check_with_options(&report, NULL, &options), CLEARANCE_EINVALID);
  CHECK_RC(clearance_check_options_init(NULL, CLEARANCE_CHECK_OPTIONS_VERSION), CLEARANCE_EINVALID);
  CHECK(clearance_report_count(NULL) == 0);
  CHECK(clearance_report_count_severity(NULL, CLEARANCE_SEVERITY_HIGH) == 0);
  CHECK_RC(clearance_report_get(&finding, NULL, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_report_json(NULL, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_report_json(&owned, NULL), CLEARANCE_EINVALID);
  CHECK(owned == NULL);
  CHECK_RC(clearance_report_text(&owned, NULL, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_marking_canonical(NULL, "SECRET"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_marking_canonical(&owned, NULL), CLEARANCE_EINVALID);
  CHECK(owned == NULL);
  CHECK_CONTAINS(clearance_error_last(), "NULL");

  /* With a real model, each remaining NULL in turn. */
  example_path(path, sizeof path, "coalition-cloud");
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  CHECK_RC(clearance_model_id(NULL, model, CLEARANCE_ENTITY_NODE, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_find(NULL, model, CLEARANCE_ENTITY_NODE, "us-mpe"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_find(&index, model, CLEARANCE_ENTITY_NODE, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_count(NULL, model, "mpe-targeting"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_count(&index, model, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_node(NULL, model, "mpe-targeting", 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_node(&text, model, NULL, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_set_placement(model, NULL, nodes, 1), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", NULL, 1), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", nodes, 2), CLEARANCE_EINVALID); /* NULL element */
  CHECK_RC(clearance_check(NULL, model), CLEARANCE_EINVALID);
  CHECK_RC(clearance_check(&report, model), CLEARANCE_OK);
  CHECK_RC(clearance_report_get(NULL, report, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_report_text(NULL, report, 0), CLEARANCE_EINVALID);
  clearance_report_free(report);
  clearance_model_free(model);

  /* _free(NULL) does nothing. */
  clearance_model_free(NULL);
  clearance_report_free(NULL);
  clearance_free(NULL);
  CHECK(1);
}

static void test_iteration(void) {
  clearance_model *model = NULL;
  char path[1024];
  const char *id = NULL;
  size_t index = 99, count = 0;
  int kind;

  example_path(path, sizeof path, "coalition-cloud");
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  if (model == NULL) return;
  /* Every id finds its own index again. */
  for (kind = CLEARANCE_ENTITY_NODE; kind <= CLEARANCE_ENTITY_FLOW; ++kind) {
    size_t i, n = clearance_model_count(model, (clearance_entity)kind);
    int all_round_trip = 1;
    for (i = 0; i < n; ++i) {
      if (clearance_model_id(&id, model, (clearance_entity)kind, i) != CLEARANCE_OK ||
          clearance_model_find(&index, model, (clearance_entity)kind, id) != CLEARANCE_OK || index != i)
        all_round_trip = 0;
    }
    CHECK(all_round_trip);
    CHECK_RC(clearance_model_id(&id, model, (clearance_entity)kind, n), CLEARANCE_EINVALID);
    CHECK(id == NULL);
  }
  CHECK(clearance_model_count(model, (clearance_entity)42) == 0);
  CHECK_RC(clearance_model_id(&id, model, (clearance_entity)42, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_find(&index, model, (clearance_entity)-1, "us-mpe"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_find(&index, model, CLEARANCE_ENTITY_NODE, "us-mpf"), CLEARANCE_ENOTFOUND);
  CHECK_CONTAINS(clearance_error_last(), "did you mean \"us-mpe\"");
  CHECK_RC(clearance_model_find(&index, model, CLEARANCE_ENTITY_WORKLOAD, "sigint-fusion"), CLEARANCE_OK);

  CHECK_RC(clearance_model_placement_count(&count, model, "sigint-fusion"), CLEARANCE_OK);
  CHECK(count == 2);
  CHECK_RC(clearance_model_placement_node(&id, model, "sigint-fusion", 1), CLEARANCE_OK);
  CHECK_STR(id, "us-ts-west");
  CHECK_RC(clearance_model_placement_node(&id, model, "sigint-fusion", 2), CLEARANCE_EINVALID);
  CHECK_RC(clearance_model_placement_count(&count, model, "sigint-fusoin"), CLEARANCE_ENOTFOUND);
  CHECK_CONTAINS(clearance_error_last(), "sigint-fusion");
  clearance_model_free(model);
}

static void test_placement(void) {
  clearance_model *model = NULL;
  clearance_report *before = NULL, *after = NULL, *again = NULL;
  char path[1024];
  char *json_before = NULL, *json_before_later = NULL, *json_again = NULL;
  const char *release = "critical placement.release workload=mpe-targeting node=us-mpe data=targeting-noforn";
  const char *to_il6[] = {"us-east-il6"};
  const char *to_mpe[] = {"us-mpe"};
  const char *unknown_node[] = {"us-east-il6", "us-east-l6"};
  const char *twice[] = {"us-east-il6", "us-east-il6"};
  const char *id = NULL;
  size_t count = 0, findings_before;
  clearance_finding first;

  example_path(path, sizeof path, "coalition-cloud");
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  if (model == NULL) return;
  CHECK_RC(clearance_check(&before, model), CLEARANCE_OK);
  CHECK(has_finding(before, release));
  findings_before = clearance_report_count(before);
  CHECK_RC(clearance_report_json(&json_before, before), CLEARANCE_OK);
  CHECK_RC(clearance_report_get(&first, before, 0), CLEARANCE_OK);

  /* Failures change nothing. */
  CHECK_RC(clearance_model_set_placement(model, "mpe-targetting", to_il6, 1), CLEARANCE_ENOTFOUND);
  CHECK_CONTAINS(clearance_error_last(), "did you mean \"mpe-targeting\"");
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", unknown_node, 2), CLEARANCE_ENOTFOUND);
  CHECK_CONTAINS(clearance_error_last(), "us-east-l6");
  CHECK_CONTAINS(clearance_error_last(), "/placement/mpe-targeting/1");
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", twice, 2), CLEARANCE_EINPUT);
  CHECK_CONTAINS(clearance_error_last(), "twice");
  CHECK_RC(clearance_model_placement_node(&id, model, "mpe-targeting", 0), CLEARANCE_OK);
  CHECK_STR(id, "us-mpe");

  /* Moving the workload off the MPE removes the release finding. */
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", to_il6, 1), CLEARANCE_OK);
  CHECK_RC(clearance_model_placement_node(&id, model, "mpe-targeting", 0), CLEARANCE_OK);
  CHECK_STR(id, "us-east-il6");
  CHECK_RC(clearance_check(&after, model), CLEARANCE_OK);
  CHECK(!has_finding(after, release));
  CHECK(clearance_report_count(after) != findings_before);

  /* The earlier report did not change, even after its model is gone. */
  clearance_model_free(model);
  model = NULL;
  CHECK(clearance_report_count(before) == findings_before);
  CHECK(has_finding(before, release));
  CHECK_RC(clearance_report_json(&json_before_later, before), CLEARANCE_OK);
  CHECK(json_before != NULL && json_before_later != NULL && strcmp(json_before, json_before_later) == 0);
  CHECK_STR(first.rule, "link.boundary"); /* borrowed strings still valid */

  /* Placing it back gives the original report again; count 0 removes a placement. */
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", to_il6, 1), CLEARANCE_OK);
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", to_mpe, 1), CLEARANCE_OK);
  CHECK_RC(clearance_check(&again, model), CLEARANCE_OK);
  CHECK_RC(clearance_report_json(&json_again, again), CLEARANCE_OK);
  CHECK(json_before != NULL && json_again != NULL && strcmp(json_before, json_again) == 0);
  clearance_report_free(again);
  CHECK_RC(clearance_model_set_placement(model, "mpe-targeting", NULL, 0), CLEARANCE_OK);
  CHECK_RC(clearance_model_placement_count(&count, model, "mpe-targeting"), CLEARANCE_OK);
  CHECK(count == 0);
  CHECK_RC(clearance_check(&again, model), CLEARANCE_OK);
  CHECK(has_finding(again, "medium placement.missing workload=mpe-targeting"));
  CHECK(!has_finding(again, release));

  clearance_free(json_before);
  clearance_free(json_before_later);
  clearance_free(json_again);
  clearance_report_free(before);
  clearance_report_free(after);
  clearance_report_free(again);
  clearance_model_free(model);
}

static void test_options(void) {
  clearance_model *model = NULL;
  clearance_report *report = NULL;
  clearance_check_options options;
  char path[1024];
  char *json = NULL, *text = NULL;
  size_t i;

  CHECK_RC(clearance_check_options_init(&options, CLEARANCE_CHECK_OPTIONS_VERSION), CLEARANCE_OK);
  CHECK(options.version == CLEARANCE_CHECK_OPTIONS_VERSION);
  CHECK(options.min_severity == CLEARANCE_SEVERITY_LOW);
  CHECK(options.jobs == 1);
  CHECK_RC(clearance_check_options_init(&options, 0), CLEARANCE_EINVALID);
  CHECK_RC(clearance_check_options_init(&options, CLEARANCE_CHECK_OPTIONS_VERSION + 1), CLEARANCE_EINVALID);

  example_path(path, sizeof path, "coalition-cloud");
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  CHECK_RC(clearance_check_options_init(&options, CLEARANCE_CHECK_OPTIONS_VERSION), CLEARANCE_OK);
  options.min_severity = CLEARANCE_SEVERITY_HIGH;
  options.jobs = 0;
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_OK);
  CHECK(clearance_report_count(report) > 0);
  CHECK(clearance_report_count_severity(report, CLEARANCE_SEVERITY_MEDIUM) == 0);
  CHECK(clearance_report_count(report) == clearance_report_count_severity(report, CLEARANCE_SEVERITY_CRITICAL) +
                                              clearance_report_count_severity(report, CLEARANCE_SEVERITY_HIGH));
  for (i = 0; i < clearance_report_count(report); ++i) {
    clearance_finding f;
    CHECK_RC(clearance_report_get(&f, report, i), CLEARANCE_OK);
    CHECK(strcmp(f.severity, "critical") == 0 || strcmp(f.severity, "high") == 0);
  }
  CHECK_RC(clearance_report_get(&(clearance_finding){0}, report, clearance_report_count(report)), CLEARANCE_EINVALID);
  CHECK_RC(clearance_report_json(&json, report), CLEARANCE_OK);
  CHECK_CONTAINS(json, "\"medium\": 0");
  CHECK_RC(clearance_report_text(&text, report, 0), CLEARANCE_OK);
  CHECK_CONTAINS(text, "placement.release");
  clearance_free(json);
  clearance_free(text);
  clearance_report_free(report);
  report = NULL;

  options.min_severity = (clearance_severity)7;
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_EINVALID);
  options.min_severity = CLEARANCE_SEVERITY_LOW;
  options.version = 99;
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_EINVALID);
  CHECK(report == NULL);
  CHECK_RC(clearance_check_with_options(&report, model, NULL), CLEARANCE_OK); /* defaults */
  CHECK(clearance_report_count(report) > 0);
  clearance_report_free(report);
  report = NULL;

  /* Version 3: a bound on a data class's label states below what the example needs is an
   * input error naming the class and the option; 0 keeps the default bound. */
  CHECK_RC(clearance_check_options_init(&options, CLEARANCE_CHECK_OPTIONS_VERSION), CLEARANCE_OK);
  CHECK(options.max_label_states == 0);
  options.max_label_states = 1;
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_EINPUT);
  CHECK(report == NULL);
  CHECK_CONTAINS(clearance_error_last(), "max_label_states");
  CHECK_CONTAINS(clearance_error_last(), "(node, label) states");
  options.max_label_states = 0;
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_OK);
  clearance_report_free(report);
  clearance_model_free(model);
}

/* Waivers (spec waivers-v1): the example's waivers file waives one finding, and another
 * waiver of it has expired; a version 1 options struct still works. */
static void test_waivers(void) {
  static const char unused_json[] =
      "{\"clearance\": 1, \"waivers\": [{\"id\": \"X\", \"rule\": \"node.impact-level\", \"justification\": \"j\", "
      "\"approved_by\": \"AO\", \"expires\": \"2030-01-01\"}]}";
  clearance_model *model = NULL, *other = NULL;
  clearance_waivers *waivers = NULL, *unused = NULL;
  clearance_report *report = NULL;
  clearance_check_options options = CLEARANCE_CHECK_OPTIONS_INIT;
  char path[1024];
  char *json = NULL;
  const char *id = NULL;
  size_t i, waived = 0, expired = 0;

  example_path(path, sizeof path, "coalition-cloud");
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  snprintf(path, sizeof path, "%s/examples/waivers/coalition-cloud.waivers.json", CLEARANCE_SOURCE_DIR);
  CHECK_RC(clearance_waivers_load_file(&waivers, model, path), CLEARANCE_OK);
  CHECK(clearance_waivers_count(waivers) == 2);
  CHECK(options.warn_expiring_days == 30 && options.waivers == NULL && options.today == NULL);
  options.waivers = waivers;
  options.today = "2026-12-03";
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_OK);
  clearance_waivers_free(waivers); /* the report keeps what it needs */
  CHECK(clearance_report_count(report) == 10);
  CHECK(clearance_report_count_waived(report) == 1);
  CHECK(clearance_report_unused_waiver_count(report) == 0);
  for (i = 0; i < clearance_report_count(report); ++i) {
    clearance_finding f;
    clearance_finding_waiver w = CLEARANCE_FINDING_WAIVER_INIT;
    CHECK_RC(clearance_report_get(&f, report, i), CLEARANCE_OK);
    CHECK_RC(clearance_report_waiver(&w, report, i), CLEARANCE_OK);
    if (w.status == CLEARANCE_WAIVER_WAIVED) {
      ++waived;
      CHECK_STR(f.rule, "placement.residency");
      CHECK_STR(w.id, "RA-2026-014");
      CHECK_STR(w.expires, "2030-09-30");
      CHECK_STR(w.approved_by, "AO, Joint Warfighting Cloud (S)");
      CHECK_STR(w.ticket, "POAM-118");
      CHECK(w.justification != NULL && w.justification[0] != '\0');
    } else if (w.status == CLEARANCE_WAIVER_EXPIRED) {
      ++expired;
      CHECK_STR(f.rule, "capacity.exceeded");
      CHECK_STR(w.id, "RA-2025-031");
      CHECK_STR(w.expires, "2025-12-31");
    } else {
      CHECK(w.id == NULL && w.expires == NULL && w.ticket == NULL);
    }
  }
  CHECK(waived == 1 && expired == 1);
  CHECK_RC(clearance_report_json(&json, report), CLEARANCE_OK);
  CHECK_CONTAINS(json, "\"waiver_expired\": \"RA-2025-031\"");
  CHECK_CONTAINS(json, "\"waived\": 1}");
  CHECK_CONTAINS(json, "\"unused_waivers\": []");
  clearance_free(json);
  {
    clearance_finding_waiver w = CLEARANCE_FINDING_WAIVER_INIT;
    CHECK_RC(clearance_report_waiver(&w, report, clearance_report_count(report)), CLEARANCE_EINVALID);
    w.version = 0;
    CHECK_RC(clearance_report_waiver(&w, report, 0), CLEARANCE_EINVALID);
    CHECK_RC(clearance_report_waiver(NULL, report, 0), CLEARANCE_EINVALID);
  }
  clearance_report_free(report);
  report = NULL;

  /* Unused waivers, by id. */
  CHECK_RC(clearance_waivers_load_json(&unused, model, unused_json, sizeof unused_json - 1), CLEARANCE_OK);
  options.waivers = unused;
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_OK);
  CHECK(clearance_report_unused_waiver_count(report) == 1);
  CHECK_RC(clearance_report_unused_waiver(&id, report, 0), CLEARANCE_OK);
  CHECK_STR(id, "X");
  CHECK_RC(clearance_report_unused_waiver(&id, report, 1), CLEARANCE_EINVALID);
  clearance_report_free(report);
  report = NULL;

  /* A bad date, and waivers of another model, are refused. */
  options.today = "2026-02-30";
  CHECK_RC(clearance_check_with_options(&report, model, &options), CLEARANCE_EINVALID);
  CHECK_CONTAINS(clearance_error_last(), "February 2026 has 28 days");
  options.today = NULL;
  example_path(path, sizeof path, "edge-tactical");
  CHECK_RC(clearance_model_load_file(&other, path), CLEARANCE_OK);
  CHECK_RC(clearance_check_with_options(&report, other, &options), CLEARANCE_EINVALID);
  CHECK_CONTAINS(clearance_error_last(), "another model");
  CHECK(report == NULL);

  /* A version 1 options struct has no waiver fields; init writes only its own fields. */
  {
    clearance_check_options old;
    memset(&old, 0xAB, sizeof old);
    CHECK_RC(clearance_check_options_init(&old, 1), CLEARANCE_OK);
    CHECK(old.version == 1 && old.jobs == 1);
    CHECK(old.warn_expiring_days != 30); /* untouched */
    CHECK_RC(clearance_check_with_options(&report, model, &old), CLEARANCE_OK);
    CHECK(clearance_report_count_waived(report) == 0);
    clearance_report_free(report);
    report = NULL;
  }

  /* Bad waivers files: every problem with its line:column and pointer. */
  {
    static const char bad[] = "{\"clearance\": 1, \"waivers\": [{\"id\": \"A\", \"rule\": \"placement.levle\"}]}";
    clearance_waivers *none = NULL;
    CHECK_RC(clearance_waivers_load_json(&none, model, bad, sizeof bad - 1), CLEARANCE_EINPUT);
    CHECK(none == NULL);
    CHECK_CONTAINS(clearance_error_last(), "1:50: /waivers/0/rule: unknown rule \"placement.levle\"; did you mean");
    CHECK_CONTAINS(clearance_error_last(), "missing required key \"approved_by\"");
    CHECK_RC(clearance_waivers_load_file(&none, model, "/nonexistent/waivers.json"), CLEARANCE_ENOTFOUND);
    CHECK_RC(clearance_waivers_load_file(&none, NULL, path), CLEARANCE_EINVALID);
    CHECK_RC(clearance_waivers_load_file(NULL, model, path), CLEARANCE_EINVALID);
    CHECK_RC(clearance_waivers_load_json(&none, model, NULL, 3), CLEARANCE_EINVALID);
  }
  CHECK(clearance_waivers_count(NULL) == 0);
  CHECK(clearance_report_count_waived(NULL) == 0);
  CHECK(clearance_report_unused_waiver_count(NULL) == 0);
  clearance_waivers_free(NULL);
  clearance_waivers_free(unused);
  clearance_model_free(other);
  clearance_model_free(model);
}

static void test_markings(void) {
  char *canonical = NULL;
  CHECK_RC(clearance_marking_canonical(&canonical, "s//si/tk//rel to usa, fvey"), CLEARANCE_OK);
  CHECK_STR(canonical, "SECRET//SI/TK//REL TO USA, AUS, CAN, GBR, NZL");
  clearance_free(canonical);
  canonical = NULL;
  CHECK_RC(clearance_marking_canonical(&canonical, "SECRET//REL TO NARNIA"), CLEARANCE_EINPUT);
  CHECK(canonical == NULL);
  CHECK_CONTAINS(clearance_error_last(), "offset");
  CHECK_RC(clearance_marking_canonical(&canonical, ""), CLEARANCE_EINPUT);
  CHECK_RC(clearance_marking_canonical(&canonical, "//joint s usa can//nf/limdis"), CLEARANCE_EINPUT);
  CHECK_RC(clearance_marking_canonical(&canonical, "s//fgi gbr deu//rel to usa, gbr/oc//limdis"), CLEARANCE_OK);
  CHECK_STR(canonical, "SECRET//FGI DEU GBR//ORCON/REL TO USA, GBR//LIMDIS");
  clearance_free(canonical);
}

/* A NUL inside a marking of a model (JSON "\u0000") reaches the C string of the message
   as the two characters \0, with the text after it. */
static void test_nul_in_a_message(void) {
  static const char model_json[] =
      "{\"clearance\": 1, \"nodes\": [{\"id\": \"a\", \"jurisdiction\": \"USA\", \"accredited\": \"SECRET\"}],\n"
      " \"data\": [{\"id\": \"d\", \"marking\": \"S\\u0000//SI\"}]}\n";
  clearance_model *model = NULL;
  CHECK_RC(clearance_model_load_json(&model, model_json, strlen(model_json)), CLEARANCE_EINPUT);
  CHECK(model == NULL);
  CHECK_CONTAINS(clearance_error_last(), "unknown level \"S\\0\"");
  CHECK_CONTAINS(clearance_error_last(), "/data/0/marking");
}

/* The releasable sets of markings-v1.1: FGI, NATO and JOINT heads, and the owner rules. */
static void test_marking_releasable(void) {
  char *set = NULL;
  CHECK_RC(clearance_marking_releasable(&set, "s//rel to gbr", NULL), CLEARANCE_OK);
  CHECK_STR(set, "USA, GBR");
  clearance_free(set);
  CHECK_RC(clearance_marking_releasable(&set, "S//NF", "GBR"), CLEARANCE_OK);
  CHECK_STR(set, "GBR");
  clearance_free(set);
  CHECK_RC(clearance_marking_releasable(&set, "//GBR SECRET", NULL), CLEARANCE_OK);
  CHECK_STR(set, "GBR, USA");
  clearance_free(set);
  CHECK_RC(clearance_marking_releasable(&set, "//JOINT SECRET USA CAN", "CAN"), CLEARANCE_OK);
  CHECK_STR(set, "CAN, USA");
  clearance_free(set);
  CHECK_RC(clearance_marking_releasable(&set, "//NATO SECRET", NULL), CLEARANCE_OK);
  CHECK_CONTAINS(set, "USA, ALB, BEL");
  CHECK_CONTAINS(set, "TUR");
  clearance_free(set);
  set = NULL;
  CHECK_RC(clearance_marking_releasable(&set, "//GBR SECRET", "USA"), CLEARANCE_EINPUT);
  CHECK(set == NULL);
  CHECK_CONTAINS(clearance_error_last(), "originator");
  CHECK_RC(clearance_marking_releasable(&set, "//JOINT SECRET USA CAN", "GBR"), CLEARANCE_EINPUT);
  CHECK_RC(clearance_marking_releasable(&set, "SECRET", "XX"), CLEARANCE_EINVALID);
  CHECK_RC(clearance_marking_releasable(&set, "S//NF/ORCN", NULL), CLEARANCE_EINPUT);
  CHECK_CONTAINS(clearance_error_last(), "did you mean \"ORCON\"?");
  CHECK_RC(clearance_marking_releasable(NULL, "SECRET", NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_marking_releasable(&set, NULL, NULL), CLEARANCE_EINVALID);
}

/* A model made with the builder checks exactly as the same model loaded from JSON. */
static void test_builder(void) {
  static const char *const json =
      "{\"clearance\": 1, \"name\": \"built\",\n"
      " \"nodes\": [{\"id\": \"s1\", \"jurisdiction\": \"USA\", \"accredited\": \"SECRET\", \"zone\": \"z1\"},\n"
      "           {\"id\": \"e1\", \"kind\": \"edge\", \"jurisdiction\": \"USA\", \"accredited\": \"CUI\",\n"
      "            \"access\": [\"USA\"], \"capacity\": {\"cpu\": 1}, \"connectivity\": {\"mean_offline_h\": 8}}],\n"
      " \"links\": [{\"id\": \"l\", \"from\": \"s1\", \"to\": \"e1\", \"latency_ms\": 5}],\n"
      " \"data\": [{\"id\": \"d\", \"marking\": \"SECRET\"}],\n"
      " \"workloads\": [{\"id\": \"w\", \"uses\": [\"d\"], \"resources\": {\"cpu\": 2}, \"replicas\": 2,\n"
      "                \"max_staleness_h\": 4}],\n"
      " \"flows\": [{\"id\": \"f\", \"from\": \"w\", \"to\": \"w\", \"data\": \"d\"}],\n"
      " \"placement\": {\"w\": [\"e1\"]}}\n";
  const char *usa[] = {"USA"}, *cpu[] = {"cpu"}, *uses[] = {"d"}, *on_e1[] = {"e1"};
  const double one[] = {1}, two[] = {2};
  clearance_builder *builder = NULL;
  clearance_model *built = NULL, *loaded = NULL;
  clearance_report *built_report = NULL, *loaded_report = NULL;
  char *built_json = NULL, *loaded_json = NULL;
  clearance_node_spec s1 = CLEARANCE_NODE_SPEC_INIT, e1 = CLEARANCE_NODE_SPEC_INIT;
  clearance_link_spec l = CLEARANCE_LINK_SPEC_INIT;
  clearance_data_spec d = CLEARANCE_DATA_SPEC_INIT;
  clearance_workload_spec w = CLEARANCE_WORKLOAD_SPEC_INIT;
  clearance_flow_spec f = CLEARANCE_FLOW_SPEC_INIT;

  s1.id = "s1", s1.jurisdiction = "USA", s1.accredited = "SECRET", s1.zone = "z1";
  e1.id = "e1", e1.kind = "edge", e1.jurisdiction = "USA", e1.accredited = "CUI";
  e1.access = usa, e1.access_count = 1;
  e1.capacity_resources = cpu, e1.capacity_amounts = one, e1.capacity_count = 1;
  e1.mean_offline_h = 8;
  l.id = "l", l.from = "s1", l.to = "e1", l.latency_ms = 5;
  d.id = "d", d.marking = "SECRET";
  w.id = "w", w.uses = uses, w.uses_count = 1, w.replicas = 2, w.max_staleness_h = 4;
  w.resource_names = cpu, w.resource_amounts = two, w.resource_count = 1;
  f.id = "f", f.from = "w", f.to = "w", f.data = "d";

  CHECK_RC(clearance_builder_new(&builder), CLEARANCE_OK);
  if (builder == NULL) return;
  CHECK_RC(clearance_builder_set_name(builder, "built"), CLEARANCE_OK);
  CHECK_RC(clearance_builder_add_node(builder, &s1), CLEARANCE_OK);
  CHECK_RC(clearance_builder_add_node(builder, &e1), CLEARANCE_OK);
  CHECK_RC(clearance_builder_add_link(builder, &l), CLEARANCE_OK);
  CHECK_RC(clearance_builder_add_data(builder, &d), CLEARANCE_OK);
  CHECK_RC(clearance_builder_add_workload(builder, &w), CLEARANCE_OK);
  CHECK_RC(clearance_builder_add_flow(builder, &f), CLEARANCE_OK);
  CHECK_RC(clearance_builder_place(builder, "w", on_e1, 1), CLEARANCE_OK);
  CHECK_RC(clearance_builder_build(&built, builder), CLEARANCE_OK);
  CHECK_RC(clearance_model_load_json(&loaded, json, strlen(json)), CLEARANCE_OK);
  CHECK_RC(clearance_check(&built_report, built), CLEARANCE_OK);
  CHECK_RC(clearance_check(&loaded_report, loaded), CLEARANCE_OK);
  CHECK_RC(clearance_report_json(&built_json, built_report), CLEARANCE_OK);
  CHECK_RC(clearance_report_json(&loaded_json, loaded_report), CLEARANCE_OK);
  CHECK(built_json != NULL && loaded_json != NULL && strcmp(built_json, loaded_json) == 0);
  CHECK(has_finding(built_report, "critical link.boundary link=l"));
  CHECK(has_finding(built_report, "critical placement.level workload=w node=e1 data=d"));
  CHECK(has_finding(built_report, "medium capacity.exceeded node=e1 resource=cpu"));
  CHECK(clearance_model_count(built, CLEARANCE_ENTITY_FLOW) == 1);
  clearance_free(built_json);
  clearance_free(loaded_json);
  clearance_report_free(built_report);
  clearance_report_free(loaded_report);
  clearance_model_free(built);
  clearance_model_free(loaded);
  built = NULL;

  /* Errors: at add time for NULLs, versions and spellings; at build for the rest. */
  CHECK_RC(clearance_builder_new(NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_add_node(NULL, &s1), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_add_node(builder, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_add_link(builder, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_add_data(builder, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_add_workload(builder, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_add_flow(builder, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_set_name(builder, NULL), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_place(builder, NULL, on_e1, 1), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_place(builder, "w", NULL, 1), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_build(NULL, builder), CLEARANCE_EINVALID);
  CHECK_RC(clearance_builder_build(&built, NULL), CLEARANCE_EINVALID);
  e1.version = 0;
  CHECK_RC(clearance_builder_add_node(builder, &e1), CLEARANCE_EINVALID);
  e1.version = CLEARANCE_NODE_SPEC_VERSION;
  e1.access = NULL; /* with access_count 1 */
  CHECK_RC(clearance_builder_add_node(builder, &e1), CLEARANCE_EINVALID);
  e1.access = usa;
  CHECK_RC(clearance_builder_add_node(builder, &s1), CLEARANCE_OK);
  e1.kind = "cloud";
  CHECK_RC(clearance_builder_add_node(builder, &e1), CLEARANCE_EINPUT);
  CHECK_CONTAINS(clearance_error_last(), "/nodes/1/kind");
  l.encryption = "aes";
  CHECK_RC(clearance_builder_add_link(builder, &l), CLEARANCE_EINPUT);
  CHECK_CONTAINS(clearance_error_last(), "/links/0/encryption");
  e1.kind = "edge";
  e1.accredited = "SEKRET";
  CHECK_RC(clearance_builder_add_node(builder, &e1), CLEARANCE_OK);
  CHECK_RC(clearance_builder_build(&built, builder), CLEARANCE_EINPUT);
  CHECK(built == NULL);
  CHECK_CONTAINS(clearance_error_last(), "/nodes/1/accredited");
  /* The builder is empty again and can be reused. */
  CHECK_RC(clearance_builder_add_node(builder, &s1), CLEARANCE_OK);
  CHECK_RC(clearance_builder_build(&built, builder), CLEARANCE_OK);
  CHECK(clearance_model_count(built, CLEARANCE_ENTITY_NODE) == 1);
  CHECK_STR(clearance_model_name(built), "model"); /* the name was reset too */
  clearance_model_free(built);
  clearance_builder_free(builder);
  clearance_builder_free(NULL);
}

/* A failure on one thread leaves another thread's clearance_error_last() alone. */
struct thread_result {
  int started_clean, failed_as_expected, own_message;
};

static void *fail_on_a_thread(void *argument) {
  struct thread_result *result = argument;
  char *canonical = NULL;
  result->started_clean = strcmp(clearance_error_last(), "") == 0;
  result->failed_as_expected = clearance_marking_canonical(&canonical, "NOT A LEVEL") == CLEARANCE_EINPUT;
  result->own_message = strstr(clearance_error_last(), "offset") != NULL;
  return NULL;
}

/* Several threads may check one model at once; each gets the same report. */
struct concurrent_check {
  const clearance_model *model;
  char *json;
};

static void *check_on_a_thread(void *argument) {
  struct concurrent_check *job = argument;
  clearance_report *report = NULL;
  if (clearance_check(&report, job->model) == CLEARANCE_OK) clearance_report_json(&job->json, report);
  clearance_report_free(report);
  return NULL;
}

static void test_concurrent_checks(void) {
  clearance_model *model = NULL;
  pthread_t threads[4];
  struct concurrent_check jobs[4];
  char path[1024];
  size_t t;
  example_path(path, sizeof path, "coalition-cloud");
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_OK);
  if (model == NULL) return;
  for (t = 0; t < 4; ++t) {
    jobs[t].model = model;
    jobs[t].json = NULL;
    CHECK(pthread_create(&threads[t], NULL, check_on_a_thread, &jobs[t]) == 0);
  }
  for (t = 0; t < 4; ++t) CHECK(pthread_join(threads[t], NULL) == 0);
  for (t = 0; t < 4; ++t)
    CHECK(jobs[t].json != NULL && jobs[0].json != NULL && strcmp(jobs[t].json, jobs[0].json) == 0);
  for (t = 0; t < 4; ++t) clearance_free(jobs[t].json);
  clearance_model_free(model);
}

static void test_threads(void) {
  clearance_model *model = NULL;
  pthread_t thread;
  struct thread_result result = {0, 0, 0};
  char path[1024], *before;

  snprintf(path, sizeof path, "%s/examples/thread-test-missing.json", CLEARANCE_SOURCE_DIR);
  CHECK_RC(clearance_model_load_file(&model, path), CLEARANCE_ENOTFOUND);
  before = malloc(strlen(clearance_error_last()) + 1);
  if (before == NULL) return;
  strcpy(before, clearance_error_last());
  CHECK_CONTAINS(before, "thread-test-missing.json");

  CHECK(pthread_create(&thread, NULL, fail_on_a_thread, &result) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(result.started_clean);
  CHECK(result.failed_as_expected);
  CHECK(result.own_message);
  CHECK_STR(clearance_error_last(), before);
  free(before);
}

int main(void) {
  size_t e;
  CHECK(clearance_version() != NULL && clearance_version()[0] != '\0');
  CHECK_STR(clearance_error_last(), ""); /* nothing has failed yet */
  test_threads();
  for (e = 0; e < sizeof example_names / sizeof example_names[0]; ++e) test_example(e);
  test_load_errors();
  test_null_arguments();
  test_iteration();
  test_placement();
  test_options();
  test_waivers();
  test_markings();
  test_marking_releasable();
  test_nul_in_a_message();
  test_builder();
  test_concurrent_checks();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
