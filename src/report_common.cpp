// Shared by the SARIF, JUnit, OSCAL, diagram and HTML writers (report_common.hpp).
#include "report_common.hpp"

#include "finding_keys.hpp"
#include "text.hpp"

#include <clearance/error.hpp>

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <cctype>
#include <charconv>

namespace clearance {
inline namespace v1 {
namespace detail {

// ---- JsonWriter ----------------------------------------------------------------------

JsonWriter::JsonWriter() : own_output_(std::make_unique<Output>(text_)), out_(own_output_.get()) {}

JsonWriter::JsonWriter(Output& out) : out_(&out) {}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_elements_.empty()) return;
  *out_ += has_elements_.back() ? std::string_view(",\n") : std::string_view("\n");
  has_elements_.back() = true;
  out_->append(has_elements_.size() * 2, ' ');
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  *out_ += '{';
  has_elements_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  bool had = has_elements_.back();
  has_elements_.pop_back();
  if (had) {
    *out_ += '\n';
    out_->append(has_elements_.size() * 2, ' ');
  }
  *out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::end_object() { return close('}'); }

JsonWriter& JsonWriter::begin_array() {
  before_value();
  *out_ += '[';
  has_elements_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  *out_ += '"';
  append_json_escaped(*out_, name);
  *out_ += "\": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  *out_ += '"';
  append_json_escaped(*out_, text);
  *out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, number);
  out_->append(digits, static_cast<std::size_t>(result.ptr - digits));
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  *out_ += flag ? "true" : "false";
  return *this;
}

std::string JsonWriter::finish() {
  *out_ += '\n';
  if (own_output_ == nullptr) return {};
  own_output_.reset();  // hands the bytes to text_; the writer is done
  return std::move(text_);
}

// ---- XML -----------------------------------------------------------------------------

namespace {

}  // namespace

std::size_t xml_char_length(std::string_view text, std::size_t i) {
  const std::size_t length = detail::utf8_sequence_length(text, i);
  if (length == 3 && static_cast<unsigned char>(text[i]) == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
      static_cast<unsigned char>(text[i + 2]) >= 0xBE)
    return 0;
  return length;
}

void append_xml_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            out += "\xEF\xBF\xBD";
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t length = xml_char_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
}

std::string xml_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_xml_escaped(out, text);
  return out;
}

// ---- Controls ------------------------------------------------------------------------

const std::vector<ControlInfo>& control_table() {
  static const std::vector<ControlInfo> table = {
#include "controls_table.inc"
  };
  return table;
}

const ControlInfo* find_control(std::string_view label) {
  for (const ControlInfo& control : control_table())
    if (control.label == label) return &control;
  return nullptr;
}

std::string full_title(const ControlInfo& control) {
  if (control.parent_title.empty()) return std::string(control.title);
  return std::string(control.parent_title) + " | " + std::string(control.title);
}

std::vector<std::string_view> cited_controls() {
  std::vector<std::string_view> controls;
  for (const RuleInfo& rule : rule_catalogue())
    for (std::string_view control : rule.controls) {
      bool seen = false;
      for (std::string_view known : controls) seen = seen || known == control;
      if (!seen) controls.push_back(control);
    }
  return controls;
}

// ---- UUIDs ---------------------------------------------------------------------------

std::string uuid_v5(std::string_view name) {
  // clearance's namespace: the version 5 UUID of "urn:clearance" in RFC 4122's URL namespace.
  static const boost::uuids::uuid ns =
      boost::uuids::name_generator_sha1(boost::uuids::ns::url())("urn:clearance");
  boost::uuids::name_generator_sha1 generate(ns);
  return boost::uuids::to_string(generate(name.data(), name.size()));
}

// ---- Keys ----------------------------------------------------------------------------

std::vector<KeyRef> finding_keys(const Finding& finding, const Model& model) {
  std::vector<KeyRef> keys;
  for_each_key(finding, model, [&](std::string_view key, std::string_view id) {
    std::string_view collection = key == "workload" ? "workloads"
                                  : key == "flow"   ? "flows"
                                  : key == "link"   ? "links"
                                  : key == "node"   ? "nodes"
                                  : key == "data"   ? "data"
                                                    : "resources";
    keys.push_back(KeyRef{key, collection, id});
  });
  return keys;
}

std::string key_text(const Finding& finding, const Model& model) {
  std::string text;
  for_each_key(finding, model, [&](std::string_view key, std::string_view id) {
    if (!text.empty()) text += ' ';
    text.append(key).append("=").append(id);
  });
  return text;
}

std::string finding_identity(const Finding& finding, const Model& model) {
  std::string identity(rule_info(finding.rule).name);
  std::string keys = key_text(finding, model);
  if (!keys.empty()) identity.append(" ").append(keys);
  return identity;
}

// ---- Options -------------------------------------------------------------------------

void check_timestamp(std::string_view timestamp) {
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  bool matches = timestamp.size() == sizeof(pattern) - 1;
  for (std::size_t i = 0; matches && i < timestamp.size(); ++i) {
    if (pattern[i] == 'd')
      matches = std::isdigit(static_cast<unsigned char>(timestamp[i])) != 0;
    else
      matches = timestamp[i] == pattern[i];
  }
  if (matches) {
    int month = std::stoi(std::string(timestamp.substr(5, 2)));
    int day = std::stoi(std::string(timestamp.substr(8, 2)));
    int hour = std::stoi(std::string(timestamp.substr(11, 2)));
    int minute = std::stoi(std::string(timestamp.substr(14, 2)));
    int second = std::stoi(std::string(timestamp.substr(17, 2)));
    int year = std::stoi(std::string(timestamp.substr(0, 4)));
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // OSCAL's date-time pattern takes years 1900 to 2999.
    matches = year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 &&
              day <= days_in[month - 1] + (month == 2 && leap ? 1 : 0) && hour <= 23 && minute <= 59 && second <= 59;
  }
  if (!matches)
    throw error(ErrorKind::usage, "timestamp `" + std::string(timestamp) +
                                      "` is not a UTC time of the form 2026-01-31T12:00:00Z");
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
