#pragma once
// Proof that the reconciler can fail: copies of a passing run's files, each
// with one kind of damage (an answer the journal lacks, an event central lost,
// a label printed once more, a change the 3PL client missed, an SSCC issued
// twice), must each fail the matching check.

#include <filesystem>
#include <string>
#include <vector>

namespace stationd::soak {

// The damages the reconciler did not notice, by name; empty when it caught all.
std::vector<std::string> reconciler_misses(const std::filesystem::path& run_dir, const std::string& station_id);

} // namespace stationd::soak
