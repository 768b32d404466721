// Build-wide definitions: the version, the export macro and the ABI namespace.
// Every public header includes this first.
#pragma once

#define CLEARANCE_VERSION_MAJOR 0
#define CLEARANCE_VERSION_MINOR 1
#define CLEARANCE_VERSION_PATCH 0
#define CLEARANCE_VERSION_STRING "0.1.0"

// Symbols of a shared build are hidden unless marked; a static build exports nothing.
#if defined(CLEARANCE_SHARED_LIBRARY) && defined(__GNUC__)
#define CLEARANCE_API __attribute__((visibility("default")))
#else
#define CLEARANCE_API
#endif

namespace clearance {
// Everything lives in an inline namespace so that a future incompatible ABI can sit
// beside this one (the fmt convention).
inline namespace v1 {}
}  // namespace clearance
