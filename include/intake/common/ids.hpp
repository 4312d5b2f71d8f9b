#pragma once
// Message and run ids: UUIDv7 (RFC 9562), so ids sort by creation time.

#include <cstdint>
#include <string>

namespace intake {

// A new UUIDv7 in canonical text form. Monotonic within this process: a later call never
// returns a smaller id, even within the same millisecond or if the clock steps back.
std::string new_uuid_v7();

// A random UUIDv4 in canonical text form.
std::string new_uuid_v4();

// Milliseconds since the Unix epoch, from the system clock.
std::int64_t unix_millis_now();

}  // namespace intake
