// Snapshots (snapshot.hpp). The archive holds the Model's own arrays, so loading is a
// few bulk copies plus rebuilding the id hash tables; everything derived (labels, hash
// tables) is rebuilt rather than trusted. Because a file can be corrupt and still match
// its checksum (written by a buggy or hostile tool), every length is checked against the
// bytes left before anything is allocated, and the loaded model is validated whole
// (indices in range, offsets monotone, ids unique) before it is returned.
//
// The header is 36 bytes (detail/snapshot_header.hpp); the payload checksum is CRC-32C,
// which detects every burst of up to 32 flipped bits and costs ~1 ms for 10 MB.
//
// Boost.Serialization stays in this file: SnapshotAccess, a friend of the model classes,
// reads and writes their private members.
#include <clearance/atomic_file.hpp>
#include <clearance/detail/snapshot_header.hpp>
#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>

#include "read_file.hpp"
#include "scheme_names.hpp"

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/version.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <istream>
#include <new>
#include <ostream>
#include <streambuf>
#include <type_traits>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace clearance {
inline namespace v1 {

// Class versions of what a snapshot holds. Raise one when the class's serialized form
// changes, and keep reading every older version.
constexpr unsigned model_version = 1;
constexpr unsigned scheme_version = 2;  // 2: the default alias RESTRICTED (markings-v1.1)
constexpr unsigned compartments_version = 1;
constexpr unsigned id_table_version = 1;
constexpr unsigned placement_version = 1;
// Version 2 of nodes: `availability` (resilience-v1 §4); of links: markings-v1.1 markings
// in releases and `availability`; of data: markings-v1.1 markings.
constexpr unsigned node_version = 3;  // 3: price (place-v1 §1)
constexpr unsigned link_version = 2;
constexpr unsigned data_version = 2;
constexpr unsigned workload_version = 1;
constexpr unsigned flow_version = 1;

}  // namespace v1
}  // namespace clearance

BOOST_CLASS_VERSION(clearance::Model, clearance::model_version)
BOOST_CLASS_VERSION(clearance::Scheme, clearance::scheme_version)
BOOST_CLASS_VERSION(clearance::CompartmentTable, clearance::compartments_version)
BOOST_CLASS_VERSION(clearance::IdTable, clearance::id_table_version)
BOOST_CLASS_VERSION(clearance::Placement, clearance::placement_version)
BOOST_CLASS_VERSION(clearance::Node, clearance::node_version)
BOOST_CLASS_VERSION(clearance::Link, clearance::link_version)
BOOST_CLASS_VERSION(clearance::Data, clearance::data_version)
BOOST_CLASS_VERSION(clearance::Workload, clearance::workload_version)
BOOST_CLASS_VERSION(clearance::Flow, clearance::flow_version)

namespace clearance {
inline namespace v1 {
namespace {

using boost::serialization::make_array;
using boost::serialization::make_nvp;

// A snapshot that cannot be loaded; caught at the top and turned into an input_error
// that names the file.
struct SnapshotProblem {
  std::string message;
};

[[noreturn]] void corrupt(std::string message) { throw SnapshotProblem{std::move(message)}; }

// Appends what an archive writes to a string.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) out_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& out_;
};

// Reads an archive from memory without copying it, and tells how much is left.
class MemorySource : public std::streambuf {
 public:
  explicit MemorySource(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());
    setg(begin, begin, begin + bytes.size());
  }
  std::size_t remaining() const { return static_cast<std::size_t>(egptr() - gptr()); }
};

// The source being loaded on this thread: collections check their lengths against it.
thread_local const MemorySource* current_source = nullptr;

std::size_t bytes_left() { return current_source != nullptr ? current_source->remaining() : 0; }

template <class Ar>
constexpr bool is_xml = std::is_same_v<Ar, boost::archive::xml_oarchive> || std::is_same_v<Ar, boost::archive::xml_iarchive>;

template <class Ar>
constexpr bool is_loading = Ar::is_loading::value;

// Refuses data written by a newer release of a class.
void check_version(const char* what, unsigned version, unsigned current) {
  if (version > current)
    corrupt(std::string("the snapshot was written by a newer clearance: ") + what + " version " +
            std::to_string(version) + ", this one reads up to version " + std::to_string(current));
}

// A scalar (arithmetic) value.
template <class Ar, class T>
void value(Ar& ar, T& v, const char* name) {
  ar& make_nvp(name, v);
}

template <class Ar, class Enum>
void enumeration(Ar& ar, Enum& v, const char* name) {
  auto raw = static_cast<std::uint8_t>(v);
  ar& make_nvp(name, raw);
  if constexpr (is_loading<Ar>) v = static_cast<Enum>(raw);
}

template <class Ar>
void boolean(Ar& ar, bool& v, const char* name) {
  std::uint8_t raw = v ? 1 : 0;
  ar& make_nvp(name, raw);
  if constexpr (is_loading<Ar>) {
    if (raw > 1) corrupt(std::string("\"") + name + "\" is " + std::to_string(raw) + ", not a boolean");
    v = raw != 0;
  }
}

// A count of items that follow; each item takes at least one byte in every archive
// kind, so a count larger than the bytes left is corrupt (and is never allocated).
template <class Ar>
std::size_t count(Ar& ar, std::size_t n, const char* name) {
  std::uint64_t raw = n;
  ar& make_nvp(name, raw);
  if constexpr (is_loading<Ar>) {
    if (raw > bytes_left())
      corrupt(std::string("\"") + name + "\" claims " + std::to_string(raw) + " items, but only " +
              std::to_string(bytes_left()) + " bytes are left");
  }
  return static_cast<std::size_t>(raw);
}

template <class Ar>
void string(Ar& ar, std::string& s, const char* name) {
  if constexpr (is_xml<Ar>) {
    ar& make_nvp(name, s);
  } else {
    // Size then raw bytes (base64 in text archives), so the size is checked first.
    const std::size_t size = count(ar, s.size(), name);
    if constexpr (is_loading<Ar>) {
      s.resize(size);
      if (size != 0) ar.load_binary(s.data(), size);
    } else {
      if (size != 0) ar.save_binary(s.data(), size);
    }
  }
}

// A number that may be `unlimited` (infinity, which text archives cannot write).
template <class Ar>
void limit(Ar& ar, double& v, const char* name) {
  bool limited = v != unlimited;
  boolean(ar, limited, "limited");
  if (limited) value(ar, v, name);
  else v = unlimited;
}

template <class Ar>
void optional_number(Ar& ar, std::optional<double>& v, const char* name) {
  bool present = v.has_value();
  boolean(ar, present, "present");
  if (present) {
    double raw = v.value_or(0.0);
    value(ar, raw, name);
    v = raw;
  } else {
    v.reset();
  }
}

template <class Ar, std::size_t Bits>
void bits(Ar& ar, BitSet<Bits>& set, const char* name) {
  ar& make_nvp(name, make_array(set.words().data(), BitSet<Bits>::word_count));
}

// A vector of arithmetic values, in one block in binary archives.
template <class Ar, class T>
void numbers(Ar& ar, std::vector<T>& v, const char* name) {
  static_assert(std::is_arithmetic_v<T>);
  const std::size_t n = count(ar, v.size(), name);
  if constexpr (is_loading<Ar>) v.resize(n);
  if (n != 0) ar& make_nvp("items", make_array(v.data(), n));
}

// A vector of anything, each item through `each(ar, item)`.
template <class Ar, class T, class Each>
void items(Ar& ar, std::vector<T>& v, const char* name, Each&& each) {
  const std::size_t n = count(ar, v.size(), name);
  if constexpr (is_loading<Ar>) {
    v.clear();
    v.reserve(std::min(n, bytes_left() / 8 + 1));
    for (std::size_t i = 0; i < n; ++i) each(ar, v.emplace_back());
  } else {
    for (auto& item : v) each(ar, item);
  }
}

// A vector of a class with its own (versioned) serialize.
template <class Ar, class T>
void objects(Ar& ar, std::vector<T>& v, const char* name) {
  items(ar, v, name, [](Ar& a, T& item) { a& make_nvp("item", item); });
}

template <class Ar>
void amounts(Ar& ar, std::vector<ResourceAmount>& v, const char* name) {
  items(ar, v, name, [](Ar& a, ResourceAmount& amount) {
    value(a, amount.resource, "resource");
    value(a, amount.amount, "amount");
  });
}

// A marking; what markings-v1.1 adds is stored from version 2 of its holder (link, data).
template <class Ar>
void marking(Ar& ar, Marking& m, unsigned version) {
  value(ar, m.level, "level");
  bits(ar, m.compartments, "compartments");
  value(ar, m.controls, "controls");
  bits(ar, m.rel_to, "rel_to");
  if (version < 2) return;
  enumeration(ar, m.head, "head");
  value(ar, m.non_ic_controls, "non_ic_controls");
  boolean(ar, m.has_fgi_section, "has_fgi_section");
  value(ar, m.head_word, "head_word");
  bits(ar, m.head_countries, "head_countries");
  bits(ar, m.fgi, "fgi");
  bits(ar, m.display_only, "display_only");
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

// Reads and writes the private members of the model classes; validates a loaded model.
struct SnapshotAccess {
  template <class Ar>
  static void transfer(Ar& ar, CompartmentTable& table, unsigned version) {
    check_version("compartment table", version, compartments_version);
    items(ar, table.names_, "names", [](Ar& a, std::string& name) { string(a, name, "name"); });
    if constexpr (is_loading<Ar>) {
      if (table.names_.size() > CompartmentTable::max_size)
        corrupt("the compartment table holds " + std::to_string(table.names_.size()) + " names, at most " +
                std::to_string(CompartmentTable::max_size) + " are possible");
      table.ids_.clear();
      for (std::size_t i = 0; i < table.names_.size(); ++i) {
        if (!detail::is_compartment_name(table.names_[i]))
          corrupt("invalid compartment name " + in_quotes(table.names_[i]));
        if (!table.ids_.emplace(table.names_[i], static_cast<CompartmentId>(i)).second)
          corrupt("compartment \"" + table.names_[i] + "\" is listed twice");
      }
    }
  }

  template <class Ar>
  static void transfer(Ar& ar, IdTable& table, unsigned version) {
    check_version("id table", version, id_table_version);
    string(ar, table.arena_, "arena");
    numbers(ar, table.offsets_, "offsets");
    if constexpr (is_loading<Ar>) {
      const auto& offsets = table.offsets_;
      if (offsets.empty() || offsets.front() != 0) corrupt("an id table's offsets do not start at 0");
      for (std::size_t i = 1; i < offsets.size(); ++i)
        if (offsets[i] < offsets[i - 1]) corrupt("an id table's offsets decrease at " + std::to_string(i));
      if (offsets.back() != table.arena_.size())
        corrupt("an id table's offsets end at " + std::to_string(offsets.back()) + ", its text holds " +
                std::to_string(table.arena_.size()) + " bytes");
      // Rebuild the table through insert(), which keeps its hash slots as IdTable lays
      // them out and refuses duplicates.
      IdTable rebuilt;
      rebuilt.reserve(offsets.size() - 1, table.arena_.size());
      for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        const std::string_view name(table.arena_.data() + offsets[i], offsets[i + 1] - offsets[i]);
        if (!rebuilt.insert(name)) corrupt("id " + in_quotes(name) + " is listed twice");
      }
      table = std::move(rebuilt);
    }
  }

  template <class Ar>
  static void transfer(Ar& ar, Scheme& scheme, unsigned version) {
    check_version("scheme", version, scheme_version);
    items(ar, scheme.level_names_, "levels", [](Ar& a, std::string& name) { string(a, name, "level"); });
    items(ar, scheme.aliases_, "aliases", [](Ar& a, std::pair<std::string, Level>& alias) {
      string(a, alias.first, "alias");
      value(a, alias.second, "level");
    });
    items(ar, scheme.groups_, "groups", [](Ar& a, std::pair<std::string, CountrySet>& group) {
      string(a, group.first, "group");
      bits(a, group.second, "members");
    });
    items(ar, scheme.impact_levels_, "impact_levels", [](Ar& a, ImpactLevel& level) {
      string(a, level.name, "name");
      value(a, level.highest, "highest");
    });
    value(ar, scheme.classified_from_, "classified_from");
    value(ar, scheme.controlled_from_, "controlled_from");
    value(ar, scheme.default_owner_, "default_owner");
    ar& make_nvp("compartments", scheme.compartments_);
    if constexpr (is_loading<Ar>) {
      // Version 1 predates the default alias RESTRICTED; add it as the builder would: to
      // the level of the default NATO RESTRICTED (CUI), unless a level or alias has the name.
      const auto& levels = scheme.level_names_;
      const auto cui = std::find(levels.begin(), levels.end(), "CUI");
      const bool named = std::find(levels.begin(), levels.end(), "RESTRICTED") != levels.end() ||
                         std::any_of(scheme.aliases_.begin(), scheme.aliases_.end(),
                                     [](const auto& alias) { return alias.first == "RESTRICTED"; });
      if (version < 2 && cui != levels.end() && !named) {
        scheme.aliases_.emplace_back("RESTRICTED", static_cast<Level>(cui - levels.begin()));
        std::sort(scheme.aliases_.begin(), scheme.aliases_.end());
      }
    }
  }

  template <class Ar>
  static void transfer(Ar& ar, Placement& placement, unsigned version) {
    check_version("placement", version, placement_version);
    numbers(ar, placement.offsets_, "offsets");
    numbers(ar, placement.nodes_, "nodes");
  }

  template <class Ar>
  static void transfer(Ar& ar, Model& model, unsigned version) {
    check_version("model", version, model_version);
    string(ar, model.name_, "name");
    ar& make_nvp("scheme", model.scheme_);
    ar& make_nvp("node_ids", model.node_ids_);
    ar& make_nvp("link_ids", model.link_ids_);
    ar& make_nvp("data_ids", model.data_ids_);
    ar& make_nvp("workload_ids", model.workload_ids_);
    ar& make_nvp("flow_ids", model.flow_ids_);
    ar& make_nvp("resource_names", model.resource_names_);
    ar& make_nvp("zone_names", model.zone_names_);
    objects(ar, model.nodes_, "nodes");
    objects(ar, model.links_, "links");
    objects(ar, model.data_, "data");
    objects(ar, model.workloads_, "workloads");
    objects(ar, model.flows_, "flows");
    ar& make_nvp("placement", model.placement_);
  }

  template <class Ar>
  static void transfer(Ar& ar, Node& node, unsigned version) {
    check_version("node", version, node_version);
    enumeration(ar, node.kind, "kind");
    enumeration(ar, node.at_rest, "at_rest");
    value(ar, node.jurisdiction, "jurisdiction");
    value(ar, node.impact_level, "impact_level");
    value(ar, node.accredited.level, "level");
    bits(ar, node.accredited.compartments, "compartments");
    bits(ar, node.access, "access");
    value(ar, node.zone, "zone");
    boolean(ar, node.has_capacity, "has_capacity");
    amounts(ar, node.capacity, "capacity");
    limit(ar, node.mean_online_h, "mean_online_h");
    value(ar, node.mean_offline_h, "mean_offline_h");
    string(ar, node.name, "name");
    if (version >= 2) optional_number(ar, node.availability, "availability");
    if (version >= 3) amounts(ar, node.price, "price");
  }

  template <class Ar>
  static void transfer(Ar& ar, Link& link, unsigned version) {
    check_version("link", version, link_version);
    value(ar, link.from, "from");
    value(ar, link.to, "to");
    enumeration(ar, link.kind, "kind");
    enumeration(ar, link.direction, "direction");
    enumeration(ar, link.encryption, "encryption");
    value(ar, link.carrier, "carrier");
    value(ar, link.latency_ms, "latency_ms");
    limit(ar, link.bandwidth_mbps, "bandwidth_mbps");
    items(ar, link.releases, "releases", [version](Ar& a, Release& release) {
      marking(a, release.from, version);
      marking(a, release.to, version);
    });
    if (version >= 2) optional_number(ar, link.availability, "availability");
  }

  template <class Ar>
  static void transfer(Ar& ar, Data& data, unsigned version) {
    check_version("data", version, data_version);
    marking(ar, data.marking, version);
    value(ar, data.owner, "owner");
    boolean(ar, data.has_residency, "has_residency");
    bits(ar, data.residency, "residency");
    value(ar, data.impact_level, "impact_level");
  }

  template <class Ar>
  static void transfer(Ar& ar, Workload& workload, unsigned version) {
    check_version("workload", version, workload_version);
    numbers(ar, workload.uses, "uses");
    amounts(ar, workload.resources, "resources");
    value(ar, workload.replicas, "replicas");
    value(ar, workload.min_zones, "min_zones");
    optional_number(ar, workload.max_staleness_h, "max_staleness_h");
  }

  template <class Ar>
  static void transfer(Ar& ar, Flow& flow, unsigned version) {
    check_version("flow", version, flow_version);
    value(ar, flow.from, "from");
    value(ar, flow.to, "to");
    value(ar, flow.data, "data");
    optional_number(ar, flow.max_latency_ms, "max_latency_ms");
    optional_number(ar, flow.min_bandwidth_mbps, "min_bandwidth_mbps");
  }

  // Everything a corrupt (but checksummed) snapshot could break and the rest of the
  // library relies on; derived fields (labels) are recomputed here.
  static void validate(Model& model);
};

}  // namespace v1
}  // namespace clearance

namespace boost {
namespace serialization {

template <class Ar>
void serialize(Ar& ar, clearance::Model& model, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, model, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::Scheme& scheme, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, scheme, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::CompartmentTable& table, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, table, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::IdTable& table, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, table, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::Placement& placement, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, placement, version);
}

template <class Ar>
void serialize(Ar& ar, clearance::Node& node, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, node, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::Link& link, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, link, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::Data& data, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, data, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::Workload& workload, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, workload, version);
}
template <class Ar>
void serialize(Ar& ar, clearance::Flow& flow, unsigned version) {
  clearance::SnapshotAccess::transfer(ar, flow, version);
}

}  // namespace serialization
}  // namespace boost

namespace clearance {
inline namespace v1 {
namespace {

// Where a check failed ("node \"a\" capacity"), put into words only when it fails: the
// checks run over every entity of large models.
class Where {
 public:
  Where(const char* kind, std::string_view id) : kind_(kind), id_(id) {}
  Where(std::string text) : text_(std::move(text)) {}
  Where(const char* text) : text_(text) {}

  Where operator+(const char* more) const {
    Where result = *this;
    if (result.count_ < result.more_.size()) result.more_[result.count_++] = more;
    return result;
  }
  std::string operator+(const std::string& more) const { return str() + more; }

  std::string str() const {
    std::string text = kind_ != nullptr ? std::string(kind_) + " " + in_quotes(id_) : text_;
    for (std::size_t i = 0; i < count_; ++i) text += more_[i];
    return text;
  }

 private:
  std::string text_;
  const char* kind_ = nullptr;
  std::string_view id_;
  std::array<const char*, 4> more_{};
  std::size_t count_ = 0;
};

[[noreturn]] void corrupt_at(const Where& where) { corrupt(where.str()); }

// Checks of one loaded model; each failure names the entity by id.
class Validator {
 public:
  explicit Validator(const Model& model) : model_(model), scheme_(model.scheme()) {}

  void level(Level level, const Where& where) const {
    if (level >= scheme_.level_count())
      corrupt(where + " has level " + std::to_string(level) + ", the scheme has " +
              std::to_string(scheme_.level_count()));
  }
  void compartments(const CompartmentSet& set, const Where& where) const {
    bool ok = true;
    set.for_each([&](std::size_t id) { ok = ok && id < scheme_.compartments().size(); });
    if (!ok) corrupt_at(where + " names a compartment the scheme does not have");
  }
  static void countries(const CountrySet& set, const Where& where) {
    if (!set.is_subset_of(every_country())) corrupt_at(where + " names a country that does not exist");
  }
  static void country(CountryId id, const Where& where) {
    if (id >= country_count()) corrupt(where + " names country " + std::to_string(id) + ", which does not exist");
  }
  void impact_level(ImpactLevelIndex index, const Where& where) const {
    if (index != no_impact_level && index >= scheme_.impact_levels().size())
      corrupt(where + " has impact level " + std::to_string(index) + ", the scheme has " +
              std::to_string(scheme_.impact_levels().size()));
  }
  static void probability(double v, const Where& where) {
    if (!(v > 0 && v <= 1)) corrupt(where + " is " + std::to_string(v) + ", expected 0 < p <= 1");
  }
  static void number(double v, bool positive, bool may_be_unlimited, const Where& where) {
    const bool ok = (may_be_unlimited && v == unlimited) || (std::isfinite(v) && v >= 0 && (!positive || v > 0));
    if (!ok) corrupt(where + " is " + std::to_string(v) + ", expected a finite number " + (positive ? "> 0" : ">= 0"));
  }
  void amounts(const std::vector<ResourceAmount>& amounts, const Where& where) const {
    for (std::size_t i = 0; i < amounts.size(); ++i) {
      if (amounts[i].resource >= model_.resource_names().size()) corrupt_at(where + " names an unknown resource");
      if (i > 0 && amounts[i].resource <= amounts[i - 1].resource)
        corrupt_at(where + " lists resources out of order or twice");
      number(amounts[i].amount, false, false, where);
    }
  }
  // What parse_marking could have produced in this scheme, but for the level word's
  // spelling (any name or alias of the level) and the NATO members (the group when parsed).
  void marking(const Marking& m, const Where& where) const {
    level(m.level, where);
    compartments(m.compartments, where);
    countries(m.rel_to, where);
    countries(m.head_countries, where);
    countries(m.fgi, where);
    countries(m.display_only, where);
    if (m.non_ic_controls >= 0x40) corrupt_at(where + " has unknown non-IC controls");
    if (m.has(Control::noforn) && m.has(Control::rel_to)) corrupt_at(where + " has both NOFORN and REL TO");
    if (m.has(Control::noforn) && m.has(Control::display_only)) corrupt_at(where + " has both NOFORN and DISPLAY ONLY");
    if (m.has(Control::rel_to) == m.rel_to.empty()) corrupt_at(where + " has a REL TO control and list that disagree");
    if (m.has(Control::display_only) == m.display_only.empty())
      corrupt_at(where + " has a DISPLAY ONLY control and list that disagree");
    if (!m.has_fgi_section && !m.fgi.empty()) corrupt_at(where + " has FGI countries but no FGI section");
    if (m.head > Head::joint) corrupt_at(where + " has an unknown head");
    if (m.head == Head::us) {
      if (m.head_word != 0 || !m.head_countries.empty()) corrupt_at(where + " has a US head with foreign parts");
      return;
    }
    const std::size_t words = scheme_.level_count() + scheme_.aliases().size();
    if (m.head_word >= words) corrupt_at(where + " has an unknown level word");
    const std::string_view word = m.head_word < scheme_.level_count()
                                      ? std::string_view(scheme_.level_name(static_cast<Level>(m.head_word)))
                                      : std::string_view(scheme_.aliases()[m.head_word - scheme_.level_count()].first);
    const Level word_level = m.head_word < scheme_.level_count()
                                 ? static_cast<Level>(m.head_word)
                                 : scheme_.aliases()[m.head_word - scheme_.level_count()].second;
    if (word_level != m.level) corrupt_at(where + " has a level word of another level");
    if (m.head == Head::fgi && m.head_countries.size() != 1) corrupt_at(where + " has FGI of other than one country");
    if (m.head == Head::joint && m.head_countries.size() < 2) corrupt_at(where + " has JOINT of fewer than two countries");
    if (m.head == Head::nato && m.head_word < scheme_.level_count()) corrupt_at(where + " has a NATO head without its alias");
    if (m.head == Head::nato) {
      const CountrySet* nato = scheme_.find_group("NATO");
      if (nato == nullptr || *nato != m.head_countries) corrupt_at(where + " has a NATO head whose members are not NATO's");
    }
    if (m.head == Head::nato && word.substr(0, 5) != "NATO " && word != "COSMIC TOP SECRET")
      corrupt_at(where + " has a NATO head with a word that is no NATO alias");
    if ((m.head == Head::nato || m.head == Head::joint) && m.has(Control::noforn))
      corrupt_at(where + " has NOFORN on NATO or JOINT information");
  }

 private:
  const Model& model_;
  const Scheme& scheme_;
};

}  // namespace

void SnapshotAccess::validate(Model& model) {
  const Scheme& scheme = model.scheme_;
  // The scheme.
  if (scheme.level_names_.empty() || scheme.level_names_.size() > 255)
    corrupt("the scheme has " + std::to_string(scheme.level_names_.size()) + " levels, expected 1 to 255");
  for (std::size_t i = 0; i < scheme.level_names_.size(); ++i) {
    if (scheme.level_names_[i].empty()) corrupt("level " + std::to_string(i) + " has an empty name");
    for (std::size_t j = 0; j < i; ++j)
      if (scheme.level_names_[j] == scheme.level_names_[i])
        corrupt("level " + in_quotes(scheme.level_names_[i]) + " is listed twice");
  }
  for (const std::string& name : scheme.level_names_)
    if (!detail::is_level_name(name)) corrupt("invalid level name " + in_quotes(name));
  Validator check(model);
  for (std::size_t i = 0; i < scheme.aliases_.size(); ++i) {
    const std::string& alias = scheme.aliases_[i].first;
    if (!detail::is_level_name(alias)) corrupt("invalid alias " + in_quotes(alias));
    if (std::find(scheme.level_names_.begin(), scheme.level_names_.end(), alias) != scheme.level_names_.end())
      corrupt("alias " + in_quotes(alias) + " is also the name of a level");
    check.level(scheme.aliases_[i].second, "alias " + in_quotes(scheme.aliases_[i].first));
    if (i > 0 && !(scheme.aliases_[i - 1].first < scheme.aliases_[i].first))
      corrupt("the aliases are out of order or listed twice at " + in_quotes(scheme.aliases_[i].first));
  }
  for (std::size_t i = 0; i < scheme.groups_.size(); ++i) {
    const std::string& group = scheme.groups_[i].first;
    if (!detail::is_group_name(group) || find_country(group)) corrupt("invalid group name " + in_quotes(group));
    Validator::countries(scheme.groups_[i].second, "group " + in_quotes(scheme.groups_[i].first));
    if (i > 0 && !(scheme.groups_[i - 1].first < scheme.groups_[i].first))
      corrupt("the groups are out of order or listed twice at " + in_quotes(scheme.groups_[i].first));
  }
  if (scheme.impact_levels_.size() >= no_impact_level)
    corrupt("the scheme has " + std::to_string(scheme.impact_levels_.size()) + " impact levels, at most 254");
  for (std::size_t i = 0; i < scheme.impact_levels_.size(); ++i) {
    const ImpactLevel& level = scheme.impact_levels_[i];
    check.level(level.highest, "impact level " + in_quotes(level.name));
    if (level.name.empty()) corrupt("impact level " + std::to_string(i) + " has an empty name");
    for (std::size_t j = 0; j < i; ++j)
      if (scheme.impact_levels_[j].name == level.name) corrupt("impact level " + in_quotes(level.name) + " is listed twice");
    if (i > 0 && level.highest < scheme.impact_levels_[i - 1].highest)
      corrupt("the impact levels are not listed lowest first at " + in_quotes(level.name));
  }
  check.level(scheme.classified_from_, "classified_from");
  check.level(scheme.controlled_from_, "controlled_from");
  if (scheme.controlled_from_ > scheme.classified_from_) corrupt("controlled_from is above classified_from");
  Validator::country(scheme.default_owner_, "default_owner");

  // Id tables against their collections.
  auto ids = [](const IdTable& table, std::size_t expected, const char* what) {
    if (table.size() != expected)
      corrupt(std::string("the ") + what + " id table holds " + std::to_string(table.size()) + " ids for " +
              std::to_string(expected) + " " + what + "s");
    for (std::uint32_t i = 0; i < table.size(); ++i)
      if (!is_valid_id(table.name(i)))
        corrupt(std::string("invalid ") + what + " id " + in_quotes(table.name(i)));
  };
  ids(model.node_ids_, model.nodes_.size(), "node");
  ids(model.link_ids_, model.links_.size(), "link");
  ids(model.data_ids_, model.data_.size(), "data");
  ids(model.workload_ids_, model.workloads_.size(), "workload");
  ids(model.flow_ids_, model.flows_.size(), "flow");
  for (std::uint32_t i = 0; i < model.resource_names_.size(); ++i)
    if (model.resource_names_.name(i).empty()) corrupt("resource " + std::to_string(i) + " has an empty name");
  for (std::uint32_t i = 0; i < model.zone_names_.size(); ++i)
    if (model.zone_names_.name(i).empty()) corrupt("zone " + std::to_string(i) + " has an empty name");

  for (std::size_t i = 0; i < model.nodes_.size(); ++i) {
    Node& node = model.nodes_[i];
    const Where where("node", model.node_ids_.name(static_cast<std::uint32_t>(i)));
    if (node.kind > NodeKind::edge) corrupt_at(where + " has an unknown kind");
    if (node.at_rest > AtRest::type1) corrupt_at(where + " has an unknown at-rest encryption");
    Validator::country(node.jurisdiction, where);
    check.impact_level(node.impact_level, where);
    check.level(node.accredited.level, where);
    check.compartments(node.accredited.compartments, where);
    node.accredited.releasable = every_country();
    Validator::countries(node.access, where + " access");
    if (node.access.empty()) corrupt_at(where + " has an empty access list");
    if (node.zone >= model.zone_names_.size()) corrupt_at(where + " has an unknown zone");
    // As in the builder: a zone name has no control characters, except the "\x01" + id
    // that stands for a node's own zone.
    const std::string_view zone = model.zone_names_.name(node.zone);
    const std::string_view id = model.node_ids_.name(static_cast<std::uint32_t>(i));
    const bool own_zone = zone.size() == id.size() + 1 && zone[0] == '\x01' && zone.substr(1) == id;
    if (!own_zone && std::any_of(zone.begin(), zone.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      corrupt_at(where + " has a zone name with control characters");
    if (!node.has_capacity && !node.capacity.empty()) corrupt_at(where + " has capacities but no capacity");
    check.amounts(node.capacity, where + " capacity");
    check.amounts(node.price, where + " price");
    Validator::number(node.mean_online_h, true, true, where + " mean_online_h");
    Validator::number(node.mean_offline_h, false, false, where + " mean_offline_h");
    if (node.availability) Validator::probability(*node.availability, where + " availability");
  }

  const auto node_count = model.nodes_.size();
  for (std::size_t i = 0; i < model.links_.size(); ++i) {
    const Link& link = model.links_[i];
    const Where where("link", model.link_ids_.name(static_cast<std::uint32_t>(i)));
    if (link.from >= node_count || link.to >= node_count) corrupt_at(where + " joins a node that does not exist");
    if (link.from == link.to) corrupt_at(where + " joins a node to itself");
    if (link.kind > LinkKind::courier) corrupt_at(where + " has an unknown kind");
    if (link.direction > Direction::forward) corrupt_at(where + " has an unknown direction");
    if (link.kind == LinkKind::diode && link.direction != Direction::forward) corrupt_at(where + " is a two-way diode");
    if (link.encryption > Encryption::type1) corrupt_at(where + " has an unknown encryption");
    check.level(link.carrier, where + " carrier");
    Validator::number(link.latency_ms, false, false, where + " latency_ms");
    Validator::number(link.bandwidth_mbps, true, true, where + " bandwidth_mbps");
    if (link.availability) Validator::probability(*link.availability, where + " availability");
    if (!link.releases.empty() && link.kind != LinkKind::guard) corrupt_at(where + " has releases but is no guard");
    for (const Release& release : link.releases) {
      check.marking(release.from, where + " release");
      check.marking(release.to, where + " release");
    }
  }

  const auto data_count = model.data_.size();
  for (std::size_t i = 0; i < data_count; ++i) {
    Data& data = model.data_[i];
    const Where where("data", model.data_ids_.name(static_cast<std::uint32_t>(i)));
    check.marking(data.marking, where + " marking");
    Validator::country(data.owner, where + " owner");
    Validator::countries(data.residency, where + " residency");
    if (data.has_residency == data.residency.empty()) corrupt_at(where + " has a residency flag and list that disagree");
    check.impact_level(data.impact_level, where);
    if (data.marking.head == Head::fgi && data.owner != data.marking.originator())
      corrupt_at(where + " has an owner other than the originator of its FGI marking");
    if (data.marking.head == Head::joint && !data.marking.head_countries.contains(data.owner) &&
        data.owner != scheme.default_owner())
      corrupt_at(where + " has an owner that is no co-owner of its JOINT marking");
    data.label = label_of(data.marking, data.owner, scheme);
  }

  std::vector<std::uint32_t> seen(std::max(data_count, node_count), 0);
  std::uint32_t stamp = 0;
  for (std::size_t i = 0; i < model.workloads_.size(); ++i) {
    const Workload& workload = model.workloads_[i];
    const Where where("workload", model.workload_ids_.name(static_cast<std::uint32_t>(i)));
    ++stamp;
    for (DataIndex d : workload.uses) {
      if (d >= data_count) corrupt_at(where + " uses data that does not exist");
      if (seen[d] == stamp) corrupt_at(where + " uses the same data twice");
      seen[d] = stamp;
    }
    check.amounts(workload.resources, where + " resources");
    if (workload.replicas < 1 || workload.replicas > 1'000'000) corrupt_at(where + " has an invalid replica count");
    if (workload.min_zones < 1 || workload.min_zones > 1'000'000) corrupt_at(where + " has an invalid min_zones");
    if (workload.max_staleness_h) Validator::number(*workload.max_staleness_h, true, false, where + " max_staleness_h");
  }

  const auto workload_count = model.workloads_.size();
  for (std::size_t i = 0; i < model.flows_.size(); ++i) {
    const Flow& flow = model.flows_[i];
    const Where where("flow", model.flow_ids_.name(static_cast<std::uint32_t>(i)));
    if (flow.from >= workload_count || flow.to >= workload_count) corrupt_at(where + " names a workload that does not exist");
    if (flow.data >= data_count) corrupt_at(where + " names data that does not exist");
    if (flow.max_latency_ms) Validator::number(*flow.max_latency_ms, false, false, where + " max_latency_ms");
    if (flow.min_bandwidth_mbps) Validator::number(*flow.min_bandwidth_mbps, true, false, where + " min_bandwidth_mbps");
  }

  // The placement: offsets monotone from 0 to the replica count, nodes in range, no node
  // twice for one workload.
  const Placement& placement = model.placement_;
  const auto& offsets = placement.offsets_;
  if (offsets.size() != workload_count + 1)
    corrupt("the placement has " + std::to_string(offsets.size()) + " offsets for " + std::to_string(workload_count) +
            " workloads");
  if (offsets.front() != 0 || offsets.back() != placement.nodes_.size())
    corrupt("the placement's offsets do not span its node list");
  for (std::size_t w = 0; w < workload_count; ++w)
    if (offsets[w + 1] < offsets[w]) corrupt("the placement's offsets decrease at workload " + std::to_string(w));
  for (std::size_t w = 0; w < workload_count; ++w) {
    ++stamp;
    for (std::uint32_t r = offsets[w]; r < offsets[w + 1]; ++r) {
      const NodeIndex n = placement.nodes_[r];
      const Where where("the placement of workload", model.workload_ids_.name(static_cast<std::uint32_t>(w)));
      if (n >= node_count) corrupt_at(where + " names a node that does not exist");
      if (seen[n] == stamp) corrupt_at(where + " names a node twice");
      seen[n] = stamp;
    }
  }
}

}  // namespace v1
}  // namespace clearance

namespace clearance::detail {

namespace {

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as in iSCSI and ext4: with the
// SSE4.2 instruction where the processor has it, else a table.
std::uint32_t crc32c_by_table(std::uint32_t crc, const unsigned char* data, std::size_t size) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> entries{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t value = i;
      for (int bit = 0; bit < 8; ++bit) value = (value >> 1) ^ (0x82F63B78u & (0u - (value & 1u)));
      entries[i] = value;
    }
    return entries;
  }();
  for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("sse4.2"))) std::uint32_t crc32c_by_instruction(std::uint32_t crc, const unsigned char* data,
                                                                        std::size_t size) {
  std::uint64_t wide = crc;
  for (; size >= 8; size -= 8, data += 8) {
    std::uint64_t word;
    std::memcpy(&word, data, 8);
    wide = _mm_crc32_u64(wide, word);
  }
  crc = static_cast<std::uint32_t>(wide);
  for (; size > 0; --size, ++data) crc = _mm_crc32_u8(crc, *data);
  return crc;
}
#endif

}  // namespace

std::uint64_t snapshot_checksum(std::string_view payload) {
  const auto* data = reinterpret_cast<const unsigned char*>(payload.data());
  std::uint32_t crc = 0xFFFFFFFFu;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool has_instruction = __builtin_cpu_supports("sse4.2");
  if (has_instruction) return crc32c_by_instruction(crc, data, payload.size()) ^ 0xFFFFFFFFu;
#endif
  return crc32c_by_table(crc, data, payload.size()) ^ 0xFFFFFFFFu;
}

std::string seal_snapshot(SnapshotFormat format, std::string_view payload, std::uint32_t format_version) {
  std::string bytes;
  bytes.reserve(snapshot_header_size + payload.size());
  bytes.append(snapshot_magic);
  auto put = [&](std::uint64_t value, int size) {
    for (int i = 0; i < size; ++i) bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  };
  put(format_version, 4);
  put(static_cast<std::uint8_t>(format), 1);
  put(0, 3);
  put(payload.size(), 8);
  put(snapshot_checksum(payload), 8);
  bytes.append(payload);
  return bytes;
}

}  // namespace clearance::detail

namespace clearance {
inline namespace v1 {
namespace {

std::uint64_t read_le(std::string_view bytes, std::size_t offset, int size) {
  std::uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + static_cast<std::size_t>(i)]);
  return value;
}

// The archive kinds write their own header first; check its fixed start before Boost
// reads it, as Boost trusts the length of its signature string.
void check_archive_start(SnapshotFormat format, std::string_view payload) {
  const std::string signature = boost::archive::BOOST_ARCHIVE_SIGNATURE();
  std::string expected;
  if (format == SnapshotFormat::binary) {
    const std::uint64_t size = signature.size();
    for (std::size_t i = 0; i < sizeof(std::size_t); ++i) expected.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
    expected += signature;
  } else if (format == SnapshotFormat::text) {
    expected = std::to_string(signature.size()) + " " + signature + " ";
  } else {
    return;  // XML is parsed by a grammar, not by lengths
  }
  if (payload.substr(0, expected.size()) != expected)
    corrupt(std::string("the ") + std::string(to_string(format)) + " archive does not start with its signature");
}

template <class Archive>
Model read_archive(std::istream* stream, MemorySource& source) {
  Model model;
  if constexpr (std::is_same_v<Archive, boost::archive::binary_iarchive>) {
    Archive archive(source, boost::archive::no_codecvt);
    archive >> make_nvp("model", model);
  } else if constexpr (std::is_same_v<Archive, boost::archive::xml_iarchive>) {
    // xml_iarchive's destructor parses the closing tag and throws from the destructor
    // (std::terminate) when it is damaged, unless an exception is in flight: so it is
    // destroyed while one is. The model is validated whole anyway.
    // Tag checking is off: Boost 1.74 compares a closing tag with the expected name by
    // reading past the end of the shorter one (an overflow the fuzz target found). XML
    // archives are positional anyway; the names are for people.
    struct Loaded {};
    try {
      Archive archive(*stream, boost::archive::no_codecvt | boost::archive::no_xml_tag_checking);
      archive >> make_nvp("model", model);
      throw Loaded{};
    } catch (const Loaded&) {
    }
  } else {
    Archive archive(*stream, boost::archive::no_codecvt);
    archive >> make_nvp("model", model);
  }
  if (source.remaining() > 0 && std::is_same_v<Archive, boost::archive::binary_iarchive>)
    corrupt(std::to_string(source.remaining()) + " bytes follow the end of the archive");
  return model;
}

Model load_payload(SnapshotFormat format, std::string_view payload) {
  check_archive_start(format, payload);
  MemorySource source(payload);
  current_source = &source;
  struct Reset {
    ~Reset() { current_source = nullptr; }
  } reset;
  std::istream stream(&source);
  Model model;
  switch (format) {
    case SnapshotFormat::binary: model = read_archive<boost::archive::binary_iarchive>(nullptr, source); break;
    case SnapshotFormat::text: model = read_archive<boost::archive::text_iarchive>(&stream, source); break;
    case SnapshotFormat::xml: model = read_archive<boost::archive::xml_iarchive>(&stream, source); break;
  }
  SnapshotAccess::validate(model);
  return model;
}

Model load_bytes(std::string_view bytes) {
  using namespace ::clearance::detail;
  if (bytes.empty()) corrupt("the file is empty; expected a clearance snapshot");
  if (bytes.substr(0, std::min(bytes.size(), snapshot_magic.size())) != snapshot_magic.substr(0, std::min(bytes.size(), snapshot_magic.size())))
    corrupt("not a clearance snapshot (the file does not start with the snapshot magic)");
  if (bytes.size() < snapshot_header_size)
    corrupt("truncated snapshot: " + std::to_string(bytes.size()) + " bytes, the header alone takes " +
            std::to_string(snapshot_header_size));
  const auto version = static_cast<std::uint32_t>(read_le(bytes, 12, 4));
  if (version > snapshot_format_version)
    corrupt("snapshot format version " + std::to_string(version) + " is newer than this clearance reads (" +
            std::to_string(snapshot_format_version) + "); load it with a newer clearance");
  if (version == 0) corrupt("invalid snapshot format version 0");
  const auto kind = static_cast<std::uint8_t>(read_le(bytes, 16, 1));
  if (kind < 1 || kind > 3) corrupt("unknown archive kind " + std::to_string(kind) + " in the snapshot header");
  if (read_le(bytes, 17, 3) != 0) corrupt("the snapshot header's reserved bytes are not zero");
  const std::uint64_t size = read_le(bytes, 20, 8);
  const std::uint64_t checksum = read_le(bytes, 28, 8);
  const std::string_view payload = bytes.substr(snapshot_header_size);
  if (payload.size() < size)
    corrupt("truncated snapshot: the header announces " + std::to_string(size) + " bytes of archive, the file holds " +
            std::to_string(payload.size()));
  if (payload.size() > size)
    corrupt(std::to_string(payload.size() - size) + " unexpected bytes follow the snapshot's archive");
  if (snapshot_checksum(payload) != checksum)
    corrupt("corrupt snapshot: the archive's checksum does not match the header");
  return load_payload(static_cast<SnapshotFormat>(kind), payload);
}

// Loads bytes and turns every failure into an input_error naming the file.
Model load_named(std::string_view bytes, const std::string& file) {
  auto fail = [&](const std::string& message) -> input_error {
    return input_error({Diagnostic{file, "", 0, 0, message}});
  };
  try {
    return load_bytes(bytes);
  } catch (const SnapshotProblem& problem) {
    throw fail(problem.message);
  } catch (const boost::archive::archive_exception& e) {
    if (e.code == boost::archive::archive_exception::unsupported_version)
      throw fail("the snapshot's archive was written by a newer Boost.Serialization than this clearance uses; load it "
                 "with a newer clearance");
    throw fail(std::string("corrupt snapshot: ") + e.what());
  } catch (const std::bad_alloc&) {
    throw fail("corrupt snapshot: a length in the archive is too large");
  } catch (const error&) {
    throw;
  } catch (const std::exception& e) {
    throw fail(std::string("corrupt snapshot: ") + e.what());
  }
}

template <class Archive>
void write_archive(std::ostream& stream, const Model& model) {
  Archive archive(stream, boost::archive::no_codecvt);
  archive << make_nvp("model", model);
}

}  // namespace

std::string_view to_string(SnapshotFormat format) {
  switch (format) {
    case SnapshotFormat::binary: return "binary";
    case SnapshotFormat::text: return "text";
    case SnapshotFormat::xml: return "xml";
  }
  return "binary";
}

std::string snapshot_bytes(const Model& model, SnapshotFormat format) {
  std::string payload;
  {
    StringSink sink(payload);
    switch (format) {
      case SnapshotFormat::binary: {
        boost::archive::binary_oarchive archive(sink, boost::archive::no_codecvt);
        archive << make_nvp("model", model);
        break;
      }
      case SnapshotFormat::text: {
        std::ostream stream(&sink);
        write_archive<boost::archive::text_oarchive>(stream, model);
        break;
      }
      case SnapshotFormat::xml: {
        std::ostream stream(&sink);
        write_archive<boost::archive::xml_oarchive>(stream, model);
        break;
      }
      default: throw error(ErrorKind::usage, "unknown snapshot format " + std::to_string(static_cast<int>(format)));
    }
  }
  return ::clearance::detail::seal_snapshot(format, payload);
}

void save_snapshot(const Model& model, const std::string& path, SnapshotFormat format) {
  write_file_atomically(path, snapshot_bytes(model, format));
}

Model load_snapshot_bytes(std::string_view bytes) { return load_named(bytes, {}); }

Model load_snapshot(const std::string& path) { return load_named(::clearance::detail::read_file(path), path); }

bool is_snapshot(std::string_view bytes) {
  return bytes.size() >= ::clearance::detail::snapshot_magic.size() &&
         bytes.substr(0, ::clearance::detail::snapshot_magic.size()) == ::clearance::detail::snapshot_magic;
}

Model load_any_model(const std::string& path) {
  const std::string bytes = ::clearance::detail::read_file(path);
  if (is_snapshot(bytes)) return load_named(bytes, path);
  return load_model_json(bytes, path);
}

Model load_any_model(const std::string& path, SourceMap& source_map) {
  const std::string bytes = ::clearance::detail::read_file(path);
  source_map = SourceMap{};
  if (is_snapshot(bytes)) return load_named(bytes, path);
  return load_model_json(bytes, path, source_map);
}

}  // namespace v1
}  // namespace clearance
