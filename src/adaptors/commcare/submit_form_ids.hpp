#pragma once
// Ids and times for commcare.submit_form: a run's instanceID (and default case id) are UUIDs
// derived from the run, so every attempt of a run sends the same form id and HQ replaces the form
// instead of storing a second one.

#include <chrono>
#include <string>

namespace intake::adaptors::commcare {

// A name-based UUID (version 5 layout, SHA-1) of `name` in intake's namespace.
std::string uuid_from_name(const std::string& name);

// "2026-12-03T19:04:05.123Z": ISO-8601 in UTC with milliseconds, as HQ writes server times.
std::string iso_millis(std::chrono::system_clock::time_point at);

}  // namespace intake::adaptors::commcare
