// Countries as dense ids over the ISO 3166-1 alpha-3 table baked into the library, and
// sets of them as bitsets (releasable sets, access lists, residency).
#pragma once

#include <clearance/bitset.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace clearance {
inline namespace v1 {

using CountryId = std::uint8_t;
using CountrySet = BitSet<256>;

// Number of ISO 3166-1 countries known (249 in the baked table).
CLEARANCE_API std::size_t country_count();

// The country with this alpha-3 code, written exactly (upper case); nullopt if unknown.
CLEARANCE_API std::optional<CountryId> find_country(std::string_view alpha3);

// The alpha-3 code and English short name of a known country id.
CLEARANCE_API std::string_view country_code(CountryId id);
CLEARANCE_API std::string_view country_name(CountryId id);

// Every country of the table.
CLEARANCE_API const CountrySet& every_country();

}  // namespace v1
}  // namespace clearance
