/* The public C header alone, compiled as C11 with -Wall -Wextra -pedantic -Werror: it
 * must need nothing else and use nothing outside ISO C. Every _INIT macro is used, so
 * that a missing initialiser is a warning, hence an error. */
#include <clearance/clearance.h>

int main(void) {
  clearance_check_options options = CLEARANCE_CHECK_OPTIONS_INIT;
  clearance_node_spec node = CLEARANCE_NODE_SPEC_INIT;
  clearance_link_spec link = CLEARANCE_LINK_SPEC_INIT;
  clearance_data_spec data = CLEARANCE_DATA_SPEC_INIT;
  clearance_workload_spec workload = CLEARANCE_WORKLOAD_SPEC_INIT;
  clearance_flow_spec flow = CLEARANCE_FLOW_SPEC_INIT;
  clearance_finding finding = {0};
  clearance_resilience_options resilience = CLEARANCE_RESILIENCE_OPTIONS_INIT;
  (void)node, (void)link, (void)data, (void)workload, (void)flow, (void)finding, (void)resilience;
  return options.version == CLEARANCE_CHECK_OPTIONS_VERSION && clearance_version() != 0 ? 0 : 1;
}
