#pragma once
// Everything one emulator holds, behind one mutex: handlers run with it locked.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/case_store.hpp"
#include "emulator/failure_injection.hpp"
#include "emulator/form_store.hpp"
#include "intake/emulator/emulator.hpp"

namespace intake::emulator {

struct ImportJob {
  std::string id, domain, user_id, case_type, search_field, search_column, name_column, comment;
  std::string filename;
  bool create_new_cases = false;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // data rows, after the header
  int polls = 0;
  int state = 1;      // HQ's soil states: 1 started, 2 complete, 3 failed
  bool fail = false;  // injected: ends in state 3
  nlohmann::json result = nullptr;
  nlohmann::json to_json() const;
};

struct State {
  Options options;
  std::string base_url;  // "http://host:port", for absolute URLs HQ returns
  CaseStore cases;
  FormStore forms;
  std::map<std::string, ImportJob> imports;
  std::vector<std::string> import_order;
  int fail_imports = 0;
  FailureInjector injector;
  std::vector<RecordedRequest> requests;
  std::uint64_t next_seq = 1;
  std::mutex mutex;
};

// What a handler knows about the request beyond its bytes.
struct CallContext {
  std::string domain;
  std::string user_id;
  std::string username;
};

}  // namespace intake::emulator
