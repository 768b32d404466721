/* The what-if and resilience C API (clearance_whatif_*, clearance_resilience_*), in C, on
 * the ddil-relay example of docs/resilience.md. */
#include "c_test.h"

#include <clearance/clearance.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_satcom_down_adds_a_route_finding(clearance_model *model) {
  const char *down[] = {"link:satcom"};
  clearance_whatif *whatif = NULL;
  clearance_finding finding;
  char *text = NULL;
  CHECK(clearance_whatif_compute(&whatif, model, down, 1, NULL) == CLEARANCE_OK);
  CHECK(clearance_whatif_added_count(whatif) == 1);
  CHECK(clearance_whatif_resolved_count(whatif) == 0);
  CHECK(clearance_whatif_has_added_findings(whatif) == 1);
  CHECK(clearance_whatif_added(&finding, whatif, 0) == CLEARANCE_OK);
  CHECK(strcmp(finding.rule, "flow.route") == 0);
  CHECK(strcmp(finding.severity, "critical") == 0);
  CHECK(finding.flow != NULL && strcmp(finding.flow, "report") == 0);
  CHECK(finding.node != NULL && strcmp(finding.node, "kit") == 0);
  CHECK(finding.workload == NULL);
  CHECK(clearance_whatif_added(&finding, whatif, 1) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_resolved(&finding, whatif, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_json(&text, whatif) == CLEARANCE_OK);
  CHECK(text != NULL && strstr(text, "\"down\": [\"link:satcom\"]") != NULL);
  CHECK(text != NULL && strstr(text, "\"summary\": {\"added\": 1, \"resolved\": 0}") != NULL);
  clearance_free(text);
  CHECK(clearance_whatif_text(&text, whatif) == CLEARANCE_OK);
  CHECK(text != NULL && strncmp(text, "what if link:satcom is down", 27) == 0);
  clearance_free(text);
  clearance_whatif_free(whatif);
}

static void test_a_node_down_resolves_its_findings(void) {
  clearance_model *model = load_example("coalition-cloud");
  const char *down[] = {"node:us-mpe"};
  clearance_whatif *whatif = NULL;
  clearance_finding finding;
  clearance_check_options options = CLEARANCE_CHECK_OPTIONS_INIT;
  options.jobs = 2;
  CHECK(clearance_whatif_compute(&whatif, model, down, 1, &options) == CLEARANCE_OK);
  /* The result outlives its model. */
  clearance_model_free(model);
  CHECK(clearance_whatif_added_count(whatif) == 2);
  CHECK(clearance_whatif_resolved_count(whatif) == 1);
  CHECK(clearance_whatif_resolved(&finding, whatif, 0) == CLEARANCE_OK);
  CHECK(strcmp(finding.rule, "placement.release") == 0);
  CHECK(finding.node != NULL && strcmp(finding.node, "us-mpe") == 0);
  CHECK(clearance_whatif_added(&finding, whatif, 0) == CLEARANCE_OK);
  CHECK(strcmp(finding.rule, "placement.missing") == 0);
  clearance_whatif_free(whatif);
}

static void test_whatif_findings_keep_their_waiver(void) {
  clearance_model *model = load_example("coalition-cloud");
  const char *down[] = {"node:aus-sovereign"};
  clearance_waivers *waivers = NULL;
  clearance_whatif *whatif = NULL;
  clearance_check_options options = CLEARANCE_CHECK_OPTIONS_INIT;
  clearance_finding_waiver waiver = CLEARANCE_FINDING_WAIVER_INIT;
  clearance_finding finding;
  char path[1024];
  size_t i, waived = 0;
  snprintf(path, sizeof path, "%s/examples/waivers/coalition-cloud.waivers.json", CLEARANCE_SOURCE_DIR);
  CHECK(clearance_waivers_load_file(&waivers, model, path) == CLEARANCE_OK);
  options.waivers = waivers;
  options.today = "2026-06-01";
  CHECK(clearance_whatif_compute(&whatif, model, down, 1, &options) == CLEARANCE_OK);
  clearance_waivers_free(waivers);
  clearance_model_free(model);
  /* The resolved placement.residency finding is waived by RA-2026-014; the result keeps
   * the waivers' strings after the waivers and the model are freed. */
  for (i = 0; i < clearance_whatif_resolved_count(whatif); ++i) {
    CHECK(clearance_whatif_resolved(&finding, whatif, i) == CLEARANCE_OK);
    CHECK(clearance_whatif_resolved_waiver(&waiver, whatif, i) == CLEARANCE_OK);
    if (strcmp(finding.rule, "placement.residency") != 0) continue;
    CHECK(waiver.status == CLEARANCE_WAIVER_WAIVED);
    CHECK(waiver.id != NULL && strcmp(waiver.id, "RA-2026-014") == 0);
    CHECK(waiver.expires != NULL && strlen(waiver.expires) == 10);
    ++waived;
  }
  CHECK(waived == 1);
  for (i = 0; i < clearance_whatif_added_count(whatif); ++i) {
    CHECK(clearance_whatif_added_waiver(&waiver, whatif, i) == CLEARANCE_OK);
    CHECK(waiver.status == CLEARANCE_WAIVER_NONE && waiver.id == NULL);
  }
  CHECK(clearance_whatif_added_waiver(&waiver, whatif, clearance_whatif_added_count(whatif)) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_resolved_waiver(NULL, whatif, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_added_waiver(&waiver, NULL, 0) == CLEARANCE_EINVALID);
  waiver.version = 0;
  CHECK(clearance_whatif_resolved_waiver(&waiver, whatif, 0) == CLEARANCE_EINVALID);
  clearance_whatif_free(whatif);
}

static void test_nothing_down_changes_nothing(clearance_model *model) {
  clearance_whatif *whatif = NULL;
  CHECK(clearance_whatif_compute(&whatif, model, NULL, 0, NULL) == CLEARANCE_OK);
  CHECK(clearance_whatif_added_count(whatif) == 0);
  CHECK(clearance_whatif_resolved_count(whatif) == 0);
  CHECK(clearance_whatif_has_added_findings(whatif) == 0);
  clearance_whatif_free(whatif);
}

static void test_resilience_lists_critical_elements(clearance_model *model) {
  static const char *const kit_critical[] = {"link:satcom", "link:terrestrial", "node:hq", "node:relay"};
  clearance_resilience *resilience = NULL;
  const char *flow = NULL, *node = NULL, *element = NULL;
  size_t critical = 0, i;
  double availability = 0;
  char *json = NULL;
  CHECK(clearance_resilience_compute(&resilience, model, NULL) == CLEARANCE_OK);
  CHECK(clearance_resilience_pair_count(resilience) == 2);
  CHECK(clearance_resilience_pair(&flow, &node, &critical, &availability, resilience, 0) == CLEARANCE_OK);
  CHECK(flow != NULL && strcmp(flow, "report") == 0);
  CHECK(node != NULL && strcmp(node, "kit") == 0);
  CHECK(critical == 4);
  CHECK(availability == -1.0);
  for (i = 0; i < 4; ++i) {
    CHECK(clearance_resilience_critical(&element, resilience, 0, i) == CLEARANCE_OK);
    CHECK(element != NULL && strcmp(element, kit_critical[i]) == 0);
  }
  CHECK(clearance_resilience_critical(&element, resilience, 0, 4) == CLEARANCE_EINVALID);
  CHECK(element == NULL);
  CHECK(clearance_resilience_critical(&element, resilience, 2, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_pair(&flow, NULL, &critical, NULL, resilience, 1) == CLEARANCE_OK);
  CHECK(strcmp(flow, "share") == 0 && critical == 2);
  CHECK(clearance_resilience_pair(&flow, NULL, NULL, NULL, resilience, 2) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_json(&json, resilience) == CLEARANCE_OK);
  CHECK(json != NULL && strstr(json, "{\"element\": \"link:cds1\", \"flows\": 1}") != NULL);
  CHECK(json != NULL && strstr(json, "availability") == NULL);
  clearance_free(json);
  clearance_resilience_free(resilience);
}

static void test_resilience_computes_availability_exactly(clearance_model *model) {
  clearance_resilience *resilience = NULL;
  clearance_resilience_options options;
  const char *flow = NULL;
  double availability = 0;
  char *json = NULL;
  CHECK(clearance_resilience_options_init(&options, CLEARANCE_RESILIENCE_OPTIONS_VERSION) == CLEARANCE_OK);
  CHECK(options.availability == 0 && options.seed == 1 && options.samples == 100000);
  options.availability = 1;
  CHECK(clearance_resilience_compute(&resilience, model, &options) == CLEARANCE_OK);
  CHECK(clearance_resilience_pair(&flow, NULL, NULL, &availability, resilience, 0) == CLEARANCE_OK);
  CHECK(availability - 0.9 * 0.999 < 1e-12 && 0.9 * 0.999 - availability < 1e-12);
  CHECK(clearance_resilience_pair(&flow, NULL, NULL, &availability, resilience, 1) == CLEARANCE_OK);
  CHECK(availability == 1.0);
  CHECK(clearance_resilience_json(&json, resilience) == CLEARANCE_OK);
  CHECK(json != NULL && strstr(json, "\"availability\": 0.8991, \"method\": \"exact\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"staleness\"") != NULL);
  clearance_free(json);
  CHECK(clearance_resilience_text(&json, resilience) == CLEARANCE_OK);
  CHECK(json != NULL && strstr(json, "satcom") != NULL);
  clearance_free(json);
  clearance_resilience_free(resilience);
}

static void test_errors(clearance_model *model) {
  const char *unknown[] = {"node:hqq"};
  const char *malformed[] = {"satcom"};
  const char *with_null[] = {NULL};
  clearance_whatif *whatif = NULL;
  clearance_resilience *resilience = NULL;
  clearance_resilience_options options = CLEARANCE_RESILIENCE_OPTIONS_INIT;
  clearance_check_options check_options = CLEARANCE_CHECK_OPTIONS_INIT;
  clearance_finding finding;
  char *text = NULL;

  CHECK(clearance_whatif_compute(&whatif, model, unknown, 1, NULL) == CLEARANCE_EINPUT);
  CHECK(whatif == NULL);
  CHECK(strstr(clearance_error_last(), "did you mean `node:hq`") != NULL);
  CHECK(clearance_whatif_compute(&whatif, model, malformed, 1, NULL) == CLEARANCE_EINPUT);
  CHECK(clearance_whatif_compute(&whatif, model, with_null, 1, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_compute(&whatif, model, NULL, 1, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_compute(NULL, model, unknown, 0, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_compute(&whatif, NULL, unknown, 0, NULL) == CLEARANCE_EINVALID);
  check_options.version = 99;
  CHECK(clearance_whatif_compute(&whatif, model, NULL, 0, &check_options) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_added(&finding, NULL, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_json(&text, NULL) == CLEARANCE_EINVALID && text == NULL);
  CHECK(clearance_whatif_text(NULL, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_whatif_added_count(NULL) == 0 && clearance_whatif_resolved_count(NULL) == 0);
  CHECK(clearance_whatif_has_added_findings(NULL) == 0);
  clearance_whatif_free(NULL);

  CHECK(clearance_resilience_compute(NULL, model, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_compute(&resilience, NULL, NULL) == CLEARANCE_EINVALID);
  CHECK(resilience == NULL);
  options.samples = 0;
  CHECK(clearance_resilience_compute(&resilience, model, &options) == CLEARANCE_EINVALID);
  options.samples = 10;
  options.version = 2;
  CHECK(clearance_resilience_compute(&resilience, model, &options) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_options_init(NULL, CLEARANCE_RESILIENCE_OPTIONS_VERSION) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_options_init(&options, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_pair(NULL, NULL, NULL, NULL, NULL, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_critical(NULL, NULL, 0, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_json(&text, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_resilience_pair_count(NULL) == 0);
  clearance_resilience_free(NULL);
}

int main(void) {
  clearance_model *model = load_example("ddil-relay");
  test_satcom_down_adds_a_route_finding(model);
  test_a_node_down_resolves_its_findings();
  test_whatif_findings_keep_their_waiver();
  test_nothing_down_changes_nothing(model);
  test_resilience_lists_critical_elements(model);
  test_resilience_computes_availability_exactly(model);
  test_errors(model);
  clearance_model_free(model);
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
