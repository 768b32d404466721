/* What the C test programs share: a CHECK that counts failures and goes on, and loading an
 * example model. Each test program is its own executable, so `failures` is its own. */
#ifndef CLEARANCE_C_TEST_H
#define CLEARANCE_C_TEST_H

#include <clearance/clearance.h>

#include <stdio.h>
#include <stdlib.h>

static int failures = 0;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
      ++failures;                                                                \
    }                                                                            \
  } while (0)

/* examples/NAME.json, loaded; exits the program when it cannot be. */
static clearance_model *load_example(const char *name) {
  char path[1024];
  clearance_model *model = NULL;
  snprintf(path, sizeof path, "%s/examples/%s.json", CLEARANCE_SOURCE_DIR, name);
  if (clearance_model_load_file(&model, path) != CLEARANCE_OK) {
    fprintf(stderr, "cannot load %s: %s\n", path, clearance_error_last());
    exit(1);
  }
  return model;
}

#endif
