/* The exposure C API (clearance_exposure_*), in C, on the edge-relay example. */
#include "c_test.h"

#include <clearance/clearance.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_every_edge_node(clearance_model *model) {
  clearance_exposure *exposure = NULL;
  const char *node = NULL, *level = NULL;
  size_t exposed = 0, in_transit = 0;
  char *json = NULL;
  CHECK(clearance_exposure_compute(&exposure, model, NULL) == CLEARANCE_OK);
  CHECK(clearance_exposure_capture_count(exposure) == 3);
  CHECK(clearance_exposure_capture(&node, &exposed, &in_transit, &level, exposure, 0) == CLEARANCE_OK);
  CHECK(node != NULL && strcmp(node, "patrol-kit") == 0);
  CHECK(exposed == 1);
  CHECK(in_transit == 2);
  CHECK(level != NULL && strcmp(level, "SECRET") == 0);
  CHECK(clearance_exposure_capture(&node, NULL, NULL, NULL, exposure, 3) == CLEARANCE_EINVALID);
  CHECK(clearance_exposure_json(&json, exposure, 0) == CLEARANCE_OK);
  CHECK(json != NULL && strstr(json, "\"labels\": [\"SECRET//REL TO USA, GBR\"]") != NULL);
  clearance_free(json);
  CHECK(clearance_exposure_text(&json, exposure, 1) == CLEARANCE_OK);
  CHECK(json != NULL && strncmp(json, "1. `patrol-kit`", 15) == 0);
  clearance_free(json);
  clearance_exposure_free(exposure);
}

static void test_one_node(clearance_model *model) {
  clearance_exposure *exposure = NULL;
  const char *node = NULL, *level = "unset";
  size_t in_transit = 0;
  CHECK(clearance_exposure_compute(&exposure, model, "coalition-hub") == CLEARANCE_OK);
  CHECK(clearance_exposure_capture_count(exposure) == 1);
  CHECK(clearance_exposure_capture(&node, NULL, &in_transit, &level, exposure, 0) == CLEARANCE_OK);
  CHECK(in_transit == 3);
  clearance_exposure_free(exposure);
}

static void test_errors(clearance_model *model) {
  clearance_exposure *exposure = NULL;
  CHECK(clearance_exposure_compute(&exposure, model, "patrol-kt") == CLEARANCE_ENOTFOUND);
  CHECK(exposure == NULL);
  CHECK(strstr(clearance_error_last(), "did you mean") != NULL);
  CHECK(clearance_exposure_compute(NULL, model, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_exposure_compute(&exposure, NULL, NULL) == CLEARANCE_EINVALID);
  CHECK(clearance_exposure_capture_count(NULL) == 0);
  clearance_exposure_free(NULL);
}

int main(void) {
  clearance_model *model = load_example("edge-relay");
  test_every_edge_node(model);
  test_one_node(model);
  test_errors(model);
  clearance_model_free(model);
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
