// Test-only: small random models for the flow rules' cross-checks: 6–15 nodes, links of
// every kind (guards with random releases, diodes, one-way links, weak carriers), data of
// nine markings, replicas on 0–3 nodes and 40 flows with random latency and bandwidth.
#pragma once

#include <clearance/model.hpp>

namespace clearance {
namespace reference {

// The same model for the same seed.
Model random_flow_model(unsigned seed);

// Small coalition estates for the placement solver's cross-checks (place-v1): 4–7 nodes
// in 2–3 zones, some edge devices, scarce cpu and gpu capacity with prices, 3–6
// workloads of 1–2 replicas (some needing 2 zones), links of every kind, a few flows
// with latency and bandwidth needs, and a random current placement.
Model random_place_model(unsigned seed);

}  // namespace reference
}  // namespace clearance
