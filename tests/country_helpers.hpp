// Test helpers: countries and sets of them by alpha-3 code.
#pragma once

#include <clearance/country.hpp>

#include <doctest/doctest.h>

#include <initializer_list>

inline clearance::CountryId country(const char* code) {
  auto id = clearance::find_country(code);
  REQUIRE(id.has_value());
  return *id;
}

inline clearance::CountrySet countries(std::initializer_list<const char*> codes) {
  clearance::CountrySet set;
  for (const char* code : codes) set.insert(country(code));
  return set;
}
