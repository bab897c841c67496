#pragma once

#include "scan/scan_classifier.hpp"
#include "scan/scan_decoder.hpp"
#include "scan/scan_error.hpp"

#include <boost/json/object.hpp>

namespace stationd::scan {

// The JSON form of a decoded, classified scan, as `stationctl decode --json`
// prints it and as scan events carry it (docs/scan-decoding.md). Everything but
// "source" depends only on the scan's content, so the same code in element
// string, bracketed or Digital Link form gives the same object.
boost::json::object to_json(const decoded_scan& scan, const classified_scan& meaning, int current_year);

boost::json::object to_json(const scan_error& error);

// "source": how the scan arrived (form, symbology identifier, raw bytes in <GS> notation).
boost::json::object source_json(std::string_view raw, const std::optional<symbology_id>& symbology,
                                std::optional<scan_form> form);

} // namespace stationd::scan
