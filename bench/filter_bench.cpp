// Trigger matching cost: 10, 1,000 and 10,000 realistic triggers against the real ~20 KB
// CommCare form (already parsed). Reports the median and p99 of single match() calls.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/filter/trigger_index.hpp"

namespace {

using intake::filter::CompiledFragment;
using intake::filter::Trigger;
using intake::filter::TriggerIndex;
using nlohmann::json;

json load_form() {
  std::ifstream in(std::string(INTAKE_DEFAULT_FIXTURES) +
                   "/openfn/commcare-form-log-visit-details.miraclefeet.json");
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

CompiledFragment compile(const json& fragment) { return CompiledFragment::compile(fragment); }

std::string fake_xmlns(std::size_t i) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "%08zX-BCEA-4C28-B2F4-%012zX", i * 2654435761u % 0xFFFFFFFF, i);
  return std::string("http://openrosa.org/formdesigner/") + uuid;
}

// Shapes taken from the MiracleFeet / Lwala routing rules (form @xmlns / @name, case_type,
// "not a test user" exclusions), plus operators and a few triggers with no anchor at all.
std::vector<Trigger> realistic_triggers(std::size_t count) {
  const json test_user = {{"form", {{"calcs", {{"case_properties", {{"test_user", "Yes"}}}}}}}};
  const json case_test_user = {{"properties", {{"test_user", "Yes"}}}};
  std::vector<Trigger> triggers;
  auto add = [&](json criteria, std::vector<json> exclusions = {}) {
    Trigger trigger{"t" + std::to_string(triggers.size()), "commcare", compile(criteria), {}, true};
    for (const auto& exclusion : exclusions) trigger.exclusions.push_back(compile(exclusion));
    triggers.push_back(std::move(trigger));
  };
  // No anchor: every message is tested against these.
  const std::vector<json> unanchored{
      json::parse(R"({"form":{"meta":{"username":{"$regex":"^test\\."}}}})"),
      json::parse(R"({"form":{"calcs":{"case_properties":{"test_user":{"$ne":"Yes"}}}}})"),
      json::parse(R"({"metadata":{"test_clinic":{"$ne":"Yes"}}})"),
      json::parse(R"({"received_on":{"$gte":"2020-01-01"}})"),
      json::parse(R"({"form":{"case":{"update":{}}}})")};
  const std::size_t unanchored_count = std::min<std::size_t>(unanchored.size(), count / 2);
  // The ones that really match the form.
  add({{"form",
        {{"@xmlns", "http://openrosa.org/formdesigner/8FAE7619-BCEA-4C28-B2F4-6989BA4AF3CF"}}}});
  add({{"form", {{"@name", "Log Visit Details"}}}}, {test_user});
  for (std::size_t i = 0; i < unanchored_count; ++i) add(unanchored[i]);
  for (std::size_t i = triggers.size(); i < count; ++i) {
    switch (i % 20) {
      case 0:
      case 1:
        add({{"form", {{"@name", "Register Training " + std::to_string(i)}}}}, {test_user});
        break;
      case 2:
      case 3:
        add({{"properties", {{"case_type", "Household" + std::to_string(i)}}}}, {case_test_user});
        break;
      case 4:
        add(json::parse(R"({"form":{"@name":"Nutrition Survey )" + std::to_string(i) +
                        R"(","meta":{"timeEnd":{"$gte":"2020-01-01"}}}})"));
        break;
      case 5:
        add({{"form",
              {{"@xmlns", fake_xmlns(i)}, {"meta", {{"username", {{"$nin", {"test.2021"}}}}}}}}});
        break;
      case 6:
        add({{"form", {{"@name", "Update Household Revised " + std::to_string(i)}}}});
        break;
      default:
        add({{"form", {{"@xmlns", fake_xmlns(i)}}}});
        break;
    }
  }
  return triggers;
}

void BM_MatchRealForm(benchmark::State& state) {
  const json form = load_form();
  const TriggerIndex index(realistic_triggers(static_cast<std::size_t>(state.range(0))));
  std::vector<double> nanoseconds;
  std::size_t matched = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto result = index.match("commcare", form);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(result);
    matched = result.size();
    nanoseconds.push_back(std::chrono::duration<double, std::nano>(stop - start).count());
  }
  std::sort(nanoseconds.begin(), nanoseconds.end());
  state.counters["median_us"] = nanoseconds[nanoseconds.size() / 2] / 1000.0;
  state.counters["p99_us"] = nanoseconds[nanoseconds.size() * 99 / 100] / 1000.0;
  state.counters["matched"] = static_cast<double>(matched);
  state.counters["anchored"] = static_cast<double>(index.anchored_count());
}
BENCHMARK(BM_MatchRealForm)->Arg(10)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// Index construction (config load / SIGHUP reload), for scale.
void BM_BuildIndex(benchmark::State& state) {
  for (auto _ : state) {
    TriggerIndex index(realistic_triggers(static_cast<std::size_t>(state.range(0))));
    benchmark::DoNotOptimize(index);
  }
}
BENCHMARK(BM_BuildIndex)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
