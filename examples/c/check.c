/*
 * check.c: check a deployment model with clearance's C API and print its findings.
 *
 *   clearance-c-check MODEL.json
 *
 * Exit status as `clearance check`: 0 no finding, 1 findings, 2 the model could not be
 * loaded (or another error). Build it against the installed library with
 *   cc check.c $(pkg-config --cflags --libs clearance-c)
 */
#include <clearance/clearance.h>

#include <stdio.h>

int main(int argc, char **argv) {
  clearance_model *model = NULL;
  clearance_report *report = NULL;
  size_t i, j, count;
  int exit_status = 2;

  if (argc != 2) {
    fprintf(stderr, "usage: %s MODEL.json\n", argv[0]);
    return 2;
  }
  if (clearance_model_load_file(&model, argv[1]) < 0) {
    /* The message lists every problem with its file:line:column and JSON pointer. */
    fprintf(stderr, "%s\n", clearance_error_last());
    return 2;
  }
  if (clearance_check(&report, model) < 0) {
    fprintf(stderr, "%s\n", clearance_error_last());
    goto done;
  }

  count = clearance_report_count(report);
  for (i = 0; i < count; ++i) {
    clearance_finding finding;
    if (clearance_report_get(&finding, report, i) < 0) goto done;
    printf("%-8s  %s", finding.severity, finding.rule);
    /* Only the keys the rule carries are set; the others are NULL. */
    if (finding.workload) printf(" workload=%s", finding.workload);
    if (finding.flow) printf(" flow=%s", finding.flow);
    if (finding.link) printf(" link=%s", finding.link);
    if (finding.node) printf(" node=%s", finding.node);
    if (finding.data) printf(" data=%s", finding.data);
    if (finding.resource) printf(" resource=%s", finding.resource);
    printf("\n          ");
    for (j = 0; j < finding.controls_count; ++j) printf("%s%s", j ? ", " : "", finding.controls[j]);
    printf("\n          %s\n", finding.message);
  }
  printf("%s: %zu finding(s): %zu critical, %zu high, %zu medium, %zu low\n", clearance_model_name(model), count,
         clearance_report_count_severity(report, CLEARANCE_SEVERITY_CRITICAL),
         clearance_report_count_severity(report, CLEARANCE_SEVERITY_HIGH),
         clearance_report_count_severity(report, CLEARANCE_SEVERITY_MEDIUM),
         clearance_report_count_severity(report, CLEARANCE_SEVERITY_LOW));
  exit_status = count > 0 ? 1 : 0;

done:
  clearance_report_free(report); /* both accept NULL */
  clearance_model_free(model);
  return exit_status;
}
