#include <clearance/country.hpp>

#include <algorithm>
#include <iterator>

namespace clearance {
inline namespace v1 {
namespace {

struct CountryEntry {
  const char* code;
  const char* name;
};

constexpr CountryEntry countries[] = {
#include "country_table.inc"
};
constexpr std::size_t table_size = std::size(countries);
static_assert(table_size <= CountrySet::capacity, "country ids must fit the bitset");

CountrySet make_every_country() {
  CountrySet set;
  for (std::size_t i = 0; i < table_size; ++i) set.insert(i);
  return set;
}

}  // namespace

std::size_t country_count() { return table_size; }

std::optional<CountryId> find_country(std::string_view alpha3) {
  auto it = std::lower_bound(std::begin(countries), std::end(countries), alpha3,
                             [](const CountryEntry& e, std::string_view code) { return std::string_view(e.code) < code; });
  if (it == std::end(countries) || std::string_view(it->code) != alpha3) return std::nullopt;
  return static_cast<CountryId>(it - std::begin(countries));
}

std::string_view country_code(CountryId id) { return countries[id].code; }
std::string_view country_name(CountryId id) { return countries[id].name; }

const CountrySet& every_country() {
  static const CountrySet set = make_every_country();
  return set;
}

}  // namespace v1
}  // namespace clearance
