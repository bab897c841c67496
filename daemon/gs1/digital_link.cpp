// GS1 Digital Link URIs: https://host/optional/prefix/01/<gtin>/10/<lot>?17=<date>
//
// The path holds one primary key and its key qualifiers in the order the
// dictionary gives them; the query holds data attributes. The primary key is
// found by walking the path backwards in /AI/value pairs until a primary key
// is met, so a prefix such as "/products/00/faux" before it is ignored.

#include "gs1/dl_qualifiers.hpp"
#include "util/hex_digit.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace stationd::gs1 {

namespace {

using detail::ai_entry;
using detail::make_error;
using detail::qualifier_list;
using detail::sequence_problem;
using detail::valid_sequence;

// Characters a URI may hold literally (RFC 3986 unreserved, reserved and '%').
bool uri_character(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

bool host_character(char c) { return uri_character(c) && std::string_view("_~?#@!$&'()*+,;=%").find(c) == std::string_view::npos; }

bool printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F;
}

bool all_digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }

// Percent-decodes one path segment or query value; in a query '+' is a space.
// `position` is the input offset of `raw`.
std::optional<error> decode(std::string_view raw, bool query, std::size_t position, std::string_view ai, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '%') {
      const int high = i + 1 < raw.size() ? util::hex_value(raw[i + 1]) : -1;
      const int low = i + 2 < raw.size() ? util::hex_value(raw[i + 2]) : -1;
      if (high < 0 || low < 0)
        return make_error(errc::bad_uri, ai, raw, position + i,
                          fmt::format("AI ({}): '%' at position {} must be followed by two hex digits", ai, position + i));
      if (high == 0 && low == 0)
        return make_error(errc::bad_uri, ai, raw, position + i, fmt::format("AI ({}): %00 at position {} is not allowed", ai, position + i));
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && query) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return std::nullopt;
}

struct uri_parts {
  std::size_t path_start = 0; // offset of the path's leading '/'
  std::string_view path;
  std::size_t query_start = 0;
  std::string_view query;
};

std::optional<error> split_uri(std::string_view uri, uri_parts& parts) {
  for (std::size_t i = 0; i < uri.size(); ++i) {
    const char c = uri[i];
    if (!printable(c))
      return make_error(errc::not_ascii, "", "", i, fmt::format("Byte 0x{:02X} at position {} is not printable ASCII", static_cast<unsigned char>(c), i));
    if (!uri_character(c))
      return make_error(errc::bad_uri, "", "", i, fmt::format("'{}' at position {} is not allowed in a URI (write it as %{:02X})", c, i, c));
  }
  std::size_t host_start = 0;
  // Either case, as the reference parser accepts, but not mixed.
  for (std::string_view scheme : {"https://", "HTTPS://", "http://", "HTTP://"})
    if (uri.starts_with(scheme)) host_start = scheme.size();
  if (host_start == 0) return make_error(errc::bad_uri, "", "", 0, "A Digital Link must start with http:// or https://");
  const std::size_t host_end = uri.find('/', host_start);
  if (host_end == host_start) return make_error(errc::bad_uri, "", "", host_start, "The URI has no host name");
  if (host_end == std::string_view::npos) return make_error(errc::bad_uri, "", "", uri.size(), "The URI has no path after the host name");
  for (std::size_t i = host_start; i < host_end; ++i)
    if (!host_character(uri[i]))
      return make_error(errc::bad_uri, "", "", i, fmt::format("'{}' at position {} is not allowed in a host name", uri[i], i));

  // A fragment ends the data; a query ends the path.
  const std::size_t fragment = std::min(uri.find('#', host_end), uri.size());
  const std::size_t question = std::min(uri.find('?', host_end), fragment);
  parts.path_start = host_end;
  parts.path = uri.substr(host_end, question - host_end);
  parts.query_start = std::min(question + 1, fragment);
  parts.query = uri.substr(parts.query_start, fragment - parts.query_start);
  return std::nullopt;
}

// Pads a GTIN-8/12/13 in the query to GTIN-14, as the reference parser does;
// in the path a GTIN must be written with 14 digits.
void pad_gtin(std::string& value) {
  if (value.size() == 8 || value.size() == 12 || value.size() == 13) value.insert(0, 14 - value.size(), '0');
}

struct key_search {
  std::size_t key_slash = std::string_view::npos; // the '/' before the primary key's AI
  std::string_view stopped_at;                    // the segment that ended a failed search
};

// Walks back over /AI/value pairs from `end` until an AI that is a primary key.
key_search find_primary_key(std::string_view path, std::size_t end) {
  key_search result;
  while (end > 0) {
    const std::size_t value_slash = path.rfind('/', end - 1);
    if (value_slash == std::string_view::npos || value_slash == 0) break;
    const std::size_t ai_slash = path.rfind('/', value_slash - 1);
    const std::string_view segment = path.substr(ai_slash + 1, value_slash - ai_slash - 1);
    const ai_entry* entry = detail::lookup(segment);
    if (!entry) {
      result.stopped_at = segment;
      break;
    }
    if (entry->def.dl_primary_key) {
      result.key_slash = ai_slash;
      break;
    }
    end = ai_slash;
  }
  return result;
}

} // namespace

parsed parse_digital_link(std::string_view uri, const parse_options& options) {
  parsed out;
  if (uri.empty()) {
    out.failure = make_error(errc::empty, "", "", 0, "The URI is empty");
    return out;
  }
  uri_parts parts;
  if (auto e = split_uri(uri, parts)) {
    out.failure = std::move(*e);
    return out;
  }
  const std::string_view path = parts.path;

  const key_search found = find_primary_key(path, path.size());
  const std::size_t key_slash = found.key_slash;
  if (key_slash == std::string_view::npos) {
    const std::size_t last_slash = path.rfind('/');
    const std::string_view last = path.substr(last_slash + 1);
    if (path.size() > 1 && path.back() == '/') {
      out.failure = make_error(errc::bad_path, "", "", parts.path_start + path.size() - 1, "The URI path may not end with '/'");
    } else if (detail::lookup(last) && last_slash > 0 && find_primary_key(path, last_slash).key_slash != std::string_view::npos) {
      // ".../01/<gtin>/10": an AI whose value is missing at the end.
      out.failure = make_error(errc::too_short, last, "", parts.path_start + last_slash + 1,
                               fmt::format("AI ({}) has no value in the URI path", last));
    } else if (all_digits(found.stopped_at) && found.stopped_at.size() >= 2 && found.stopped_at.size() <= 4) {
      out.failure = make_error(errc::unknown_ai, found.stopped_at, "",
                               parts.path_start + static_cast<std::size_t>(found.stopped_at.data() - path.data()),
                               fmt::format("Unknown AI ({}) in the URI path", found.stopped_at));
    } else {
      out.failure = make_error(errc::bad_path, "", "", parts.path_start, "The URI path holds no GS1 primary key such as /01/ or /00/");
    }
    return out;
  }

  out.elements.reserve(8);
  detail::element_collector collector(out, {detail::form::digital_link, options.current_year, options.require_companions});
  std::string value;

  // The path from the key on: /AI/value pairs.
  const ai_entry* key = nullptr;
  qualifier_list qualifiers;
  for (std::size_t slash = key_slash; slash < path.size();) {
    const std::size_t value_slash = path.find('/', slash + 1);
    const std::size_t value_end = std::min(path.find('/', value_slash + 1), path.size());
    const std::string_view ai = path.substr(slash + 1, value_slash - slash - 1);
    const std::string_view raw = path.substr(value_slash + 1, value_end - value_slash - 1);
    const std::size_t ai_position = parts.path_start + slash + 1;
    const std::size_t value_position = parts.path_start + value_slash + 1;
    const ai_entry* entry = detail::lookup(ai); // known: the walk above passed it
    if (raw.empty()) {
      collector.fail(make_error(errc::too_short, ai, "", value_position, fmt::format("AI ({}) has no value in the URI path", ai)));
      return out;
    }
    if (auto e = decode(raw, false, value_position, ai, value)) {
      collector.fail(std::move(*e));
      return out;
    }
    if (!collector.add(*entry, value, ai_position, detail::value_origin{value_position, raw, '%'})) return out;
    if (!key) key = entry;
    else qualifiers.ai[qualifiers.count++] = entry->def.ai;
    slash = value_end;
  }
  if (!valid_sequence(*key, qualifiers)) {
    collector.fail(make_error(errc::bad_path, "", "", parts.path_start + key_slash, sequence_problem(*key, qualifiers)));
    return out;
  }
  const std::size_t path_count = collector.size();

  // The query: AI=value pairs; other parameters (linkType=..., singletons) are
  // not GS1 data and are skipped.
  const std::string_view query = parts.query;
  for (std::size_t start = 0; start < query.size();) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    const std::size_t param_position = parts.query_start + start;
    start = end + 1;
    const std::size_t equals = param.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view ai = param.substr(0, equals);
    if (!all_digits(ai)) continue;
    const ai_entry* entry = detail::lookup(ai);
    if (!entry) {
      collector.fail(make_error(errc::unknown_ai, ai, "", param_position, fmt::format("Unknown AI ({}) in the URI query", ai)));
      return out;
    }
    const std::string_view raw = param.substr(equals + 1);
    const std::size_t value_position = param_position + equals + 1;
    if (raw.empty()) {
      collector.fail(make_error(errc::too_short, ai, "", value_position, fmt::format("AI ({}) has no value in the URI query", ai)));
      return out;
    }
    if (auto e = decode(raw, true, value_position, ai, value)) {
      collector.fail(std::move(*e));
      return out;
    }
    detail::value_origin origin{value_position, raw, '%'};
    if (ai == "01" && raw.find('%') == std::string_view::npos) {
      const std::size_t before = value.size();
      pad_gtin(value);
      origin = detail::value_origin{value_position - (value.size() - before), {}, 0};
    }
    if (!collector.add(*entry, value, param_position, origin)) return out;
  }

  // Query AIs that belong in the path, or that a Digital Link cannot carry.
  for (std::size_t i = path_count; i < collector.size(); ++i) {
    const ai_entry& entry = collector.entry(i);
    const element& el = out.elements[i];
    bool belongs_in_path = false;
    for (std::size_t at = 0; at <= qualifiers.count && !belongs_in_path; ++at) {
      qualifier_list trial;
      for (std::size_t k = 0; k < qualifiers.count; ++k) {
        if (k == at) trial.ai[trial.count++] = entry.def.ai;
        trial.ai[trial.count++] = qualifiers.ai[k];
      }
      if (at == qualifiers.count) trial.ai[trial.count++] = entry.def.ai;
      belongs_in_path = valid_sequence(*key, trial);
    }
    if (belongs_in_path) {
      collector.fail(make_error(errc::bad_query, el.ai, el.value, collector.position(i),
                                fmt::format("AI ({}) belongs in the URI path after AI ({}), not in the query", el.ai, key->def.ai)));
      return out;
    }
    if (!entry.def.dl_data_attribute) {
      collector.fail(make_error(errc::bad_query, el.ai, el.value, collector.position(i),
                                fmt::format("AI ({}) is not allowed in the query of a Digital Link", el.ai)));
      return out;
    }
  }
  collector.finish();
  return out;
}

} // namespace stationd::gs1
