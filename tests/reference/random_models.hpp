// Test-only: small random models for the flow rules' cross-checks: 6–15 nodes, links of
// every kind (guards with random releases, diodes, one-way links, weak carriers), data of
// nine markings, replicas on 0–3 nodes and 40 flows with random latency and bandwidth.
#pragma once

#include <clearance/model.hpp>

namespace clearance {
namespace reference {

// The same model for the same seed.
Model random_flow_model(unsigned seed);

}  // namespace reference
}  // namespace clearance
