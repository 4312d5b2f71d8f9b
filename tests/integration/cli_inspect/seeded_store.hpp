#pragma once
// A real store written through the store API, with every run state the CLI shows: messages
// (XML form, JSON case, a body that is not UTF-8, one with a queued and a cancelled run), runs
// that succeeded (with output and log), failed (retry due later), died, were cancelled, are
// queued, and a flow follow-up with input. Built once; the tests only read it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/fixtures.hpp"
#include "support/intake_process.hpp"

namespace intake::test {

struct SeededStore {
  TempDir dir;
  std::filesystem::path config;  // storage.path = db; jobs log-registration, forward, forward-case
  std::filesystem::path db;

  // Messages, oldest first.
  std::string form_id;    // forwarded_form.xml on commcare; runs log_run, forward_run, flow_run
  std::string case_id;    // forwarded_case.json on commcare; runs case_run
  std::string binary_id;  // text/plain, not UTF-8, on other; no runs
  std::string queued_id;  // {"a":1} on other; runs queued_run, cancelled_run

  std::string log_run;        // succeeded, output {"logged":true}, two log lines
  std::string forward_run;    // failed once (HTTP 503), next attempt due in an hour
  std::string flow_run;       // queued flow follow-up of log_run, with input
  std::string case_run;       // dead (HTTP 400)
  std::string queued_run;     // queued, never claimed
  std::string cancelled_run;  // cancelled: its job left the config

  std::int64_t form_received_at_ms = 0;
  std::int64_t forward_due_at_ms = 0;
  std::string form_body;
  std::string form_view;  // the XML form's JSON view, serialised
  std::string case_body;
  std::string binary_body;
  std::string quarantine_id;  // a malformed JSON body refused with 400 on commcare
  std::string quarantined_body;

  static const SeededStore& get();  // built on first use

 private:
  SeededStore();
};

// `intake <command> --config <the seeded config> <rest...>`.
CommandResult intake_on_seeded(std::vector<std::string> args);

std::vector<std::string> lines_of(const std::string& text);
bool contains(const std::string& text, const std::string& part);

// The CLI's time format, computed independently: 2024-05-01T10:20:30.123Z (or without .123).
std::string iso_utc(std::int64_t unix_ms, bool milliseconds = true);

}  // namespace intake::test
