#include "core/usb_ports.hpp"

#include <fmt/format.h>
#include <libserialport.h>

#include <algorithm>
#include <cctype>

namespace stationd::drivers {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string describe(const usb_match& m) {
  std::string text = fmt::format("USB {}:{}", m.vid.empty() ? "*" : m.vid, m.pid.empty() ? "*" : m.pid);
  if (!m.serial.empty()) text += " serial " + m.serial;
  return text;
}

} // namespace

match_result find_port(const std::vector<port_description>& ports, const usb_match& match) {
  std::vector<const port_description*> found;
  for (const auto& p : ports) {
    if (p.usb_vid.empty()) continue;
    if (!match.vid.empty() && lower(match.vid) != lower(p.usb_vid)) continue;
    if (!match.pid.empty() && lower(match.pid) != lower(p.usb_pid)) continue;
    if (!match.serial.empty() && match.serial != p.usb_serial) continue;
    found.push_back(&p);
  }
  if (found.size() == 1) return {found.front()->path, {}};
  if (found.empty()) return {std::nullopt, fmt::format("no serial port is {} (not plugged in?)", describe(match))};
  std::vector<std::string> paths;
  for (const auto* p : found) paths.push_back(p->path);
  return {std::nullopt, fmt::format("{} serial ports are {} ({}); set usb_serial to choose one", found.size(),
                                    describe(match), fmt::join(paths, ", "))};
}

std::vector<port_description> list_serial_ports() {
  std::vector<port_description> out;
  sp_port** list = nullptr;
  if (sp_list_ports(&list) != SP_OK) return out;
  for (sp_port** p = list; *p != nullptr; ++p) {
    port_description d;
    d.path = sp_get_port_name(*p);
    if (const char* text = sp_get_port_description(*p)) d.description = text;
    if (sp_get_port_transport(*p) == SP_TRANSPORT_USB) {
      int vid = 0;
      int pid = 0;
      if (sp_get_port_usb_vid_pid(*p, &vid, &pid) == SP_OK) {
        d.usb_vid = fmt::format("{:04x}", vid);
        d.usb_pid = fmt::format("{:04x}", pid);
      }
      if (const char* serial = sp_get_port_usb_serial(*p)) d.usb_serial = serial;
    }
    out.push_back(std::move(d));
  }
  sp_free_port_list(list);
  return out;
}

} // namespace stationd::drivers
