#pragma once

// ZPL label templates with named fields: config/labels/<name>.zpl holds one
// ^XA...^XZ format where {{field}} marks a required value and {{field?}} an
// optional one. Pure: parsing, checking and rendering, no I/O.
//
// Why fields are safe: every {{field}} must sit in a ^FD that the template opens
// with ^FH (hex escapes on), under ^CI28 (UTF-8). A value containing a ZPL
// command prefix (^ or ~) or a control character is refused outright, the ^FH
// escape character itself is written as its hex escape, and non-ASCII text goes
// through as UTF-8: "Åsa Öberg, Göteborg" prints as written and no value can
// start a command.

#include <map>
#include <variant>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::labels {

struct template_error {
  std::size_t line = 0;   // 1-based line in the template
  std::size_t column = 0;
  std::string message;
};

struct field_use {
  std::string name;
  bool required = true;
  std::size_t line = 0; // of its first use
  std::size_t column = 0;
};

class label_template {
public:
  // Parses and checks a template; errors name the line and column.
  static std::variant<label_template, template_error> parse(std::string name, std::string_view text);

  const std::string& name() const noexcept { return name_; }
  // Every field the template uses, each once, in order of first use.
  const std::vector<field_use>& fields() const noexcept { return fields_; }

  struct rendered {
    std::optional<std::string> zpl;
    std::optional<std::string> error; // e.g. "field ship_to_name: \"A^B\" contains ^, a ZPL command prefix: refused"
  };
  rendered render(const std::map<std::string, std::string, std::less<>>& values) const;

private:
  struct segment {
    std::string text;       // literal ZPL, or the field name
    bool is_field = false;
    bool required = true;
    char escape = '_';      // the ^FH indicator of the field's ^FD
  };
  std::string name_;
  std::vector<segment> segments_;
  std::vector<field_use> fields_;
};

struct escaped {
  std::optional<std::string> value; // ready for the ^FD
  std::string error;                // why the value was refused
};
// Checks one value for a ZPL field and escapes it for a ^FD opened with ^FH<escape>.
escaped escape_field(std::string_view field, std::string_view value, char escape);

} // namespace stationd::labels
