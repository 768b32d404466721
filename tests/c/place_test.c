/* The placement C API (clearance_place_*), in C, on the ai-placement examples of
 * docs/place.md. */
#include "c_test.h"

#include <clearance/clearance.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_everything_is_placed_at_the_proven_least_cost(void) {
  clearance_model *model = load_example("ai-placement");
  clearance_place_result *result = NULL;
  clearance_place_summary summary;
  clearance_place_options options = CLEARANCE_PLACE_OPTIONS_INIT;
  const char *node = NULL;
  size_t count = 0;
  char *text = NULL;
  options.mode = CLEARANCE_PLACE_REPLAN;
  CHECK(clearance_place(&result, model, &options) == CLEARANCE_OK);
  /* The result outlives its model. */
  clearance_model_free(model);
  CHECK(clearance_place_summary_get(&summary, result) == CLEARANCE_OK);
  CHECK(summary.placed == 5);
  CHECK(summary.unplaced == 0);
  CHECK(summary.optimal == 1);
  CHECK(summary.has_lower_bound == 1);
  CHECK(summary.lower_bound <= summary.cost + 1e-9);
  CHECK(summary.cost > 62.59 && summary.cost < 62.61);
  CHECK(clearance_place_node_count(&count, result, "train-llm") == CLEARANCE_OK);
  CHECK(count == 2);
  CHECK(clearance_place_node(&node, result, "infer-north", 0) == CLEARANCE_OK);
  CHECK(node != NULL && strcmp(node, "edge-kit-1") == 0);
  CHECK(clearance_place_placement_json(&text, result) == CLEARANCE_OK);
  CHECK(text != NULL && strstr(text, "\"train-llm\": [\"us-secret-east\", \"us-secret-west\"]") != NULL);
  clearance_free(text);
  CHECK(clearance_place_json(&text, result) == CLEARANCE_OK);
  CHECK(text != NULL && strstr(text, "\"optimal\": true") != NULL);
  clearance_free(text);
  clearance_place_free(result);
}

static void test_an_unplaced_workload_is_explained(void) {
  clearance_model *model = load_example("ai-placement-scarce");
  clearance_place_result *result = NULL;
  clearance_place_summary summary;
  const char *workload = NULL, *message = NULL;
  char *text = NULL;
  CHECK(clearance_place(&result, model, NULL) == CLEARANCE_OK);
  CHECK(clearance_place_summary_get(&summary, result) == CLEARANCE_OK);
  CHECK(summary.unplaced == 1);
  CHECK(clearance_place_unplaced(&workload, &message, result, 0) == CLEARANCE_OK);
  CHECK(workload != NULL && strcmp(workload, "train-llm") == 0);
  CHECK(message != NULL && strstr(message, "capacity.exceeded") != NULL);
  CHECK(clearance_place_unplaced(&workload, &message, result, 1) == CLEARANCE_EINVALID);
  CHECK(clearance_place_text(&text, result) == CLEARANCE_OK);
  CHECK(text != NULL && strncmp(text, "placed 4 of 5 workloads", 23) == 0);
  clearance_free(text);
  clearance_place_free(result);
  clearance_model_free(model);
}

static void test_errors(void) {
  clearance_model *model = load_example("ai-placement");
  clearance_place_result *result = NULL;
  clearance_place_options options;
  size_t count = 0;
  char *text = NULL;
  CHECK(clearance_place_options_init(&options, CLEARANCE_PLACE_OPTIONS_VERSION) == CLEARANCE_OK);
  CHECK(options.mode == CLEARANCE_PLACE_FILL);
  CHECK(clearance_place_options_init(&options, 0) == CLEARANCE_EINVALID);
  CHECK(clearance_place_options_init(NULL, CLEARANCE_PLACE_OPTIONS_VERSION) == CLEARANCE_EINVALID);
  options.time_limit_s = -1;
  CHECK(clearance_place(&result, model, &options) == CLEARANCE_EINVALID);
  CHECK(result == NULL);
  options.time_limit_s = 1;
  options.version = 9;
  CHECK(clearance_place(&result, model, &options) == CLEARANCE_EINVALID);
  CHECK(clearance_place(NULL, model, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_place(&result, NULL, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_place(&result, model, NULL) == CLEARANCE_OK);
  CHECK(clearance_place_node_count(&count, result, "no-such-workload") == CLEARANCE_ENOTFOUND);
  CHECK(clearance_place_json(&text, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_place_summary_get(NULL, result) == CLEARANCE_EINVALID);
  clearance_place_free(result);
  clearance_place_free(NULL);
  clearance_model_free(model);
}

int main(void) {
  test_everything_is_placed_at_the_proven_least_cost();
  test_an_unplaced_workload_is_explained();
  test_errors();
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
