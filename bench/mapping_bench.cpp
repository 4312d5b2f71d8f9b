// Mapping cost per run: rendering a Case API v2 body (9 placeholders) and bulk rows (each over
// 1, 10 and 100 repeat entries) from the real ~20 KB CommCare form, and compiling a template.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "intake/mapping/each_template.hpp"
#include "intake/mapping/template.hpp"

namespace {

using intake::mapping::EachTemplate;
using intake::mapping::Template;
using nlohmann::json;

json load_state() {
  std::ifstream in(std::string(INTAKE_DEFAULT_FIXTURES) +
                   "/openfn/commcare-form-log-visit-details.miraclefeet.json");
  std::ostringstream text;
  text << in.rdbuf();
  return {{"data", json::parse(text.str())},
          {"request", {{"headers", json::object()}, {"query", {{"app_id", "abc"}}}, {"path", ""}}},
          {"references", json::array()}};
}

const json kCaseBody = json::parse(R"J({
  "case_id": "{{ /data/form/case/@case_id }}",
  "properties": {
    "last_visit_date": "{{ /data/form/intro/visit_date }}",
    "next_visit_date": "{{ /data/form/case/update/next_visit_date }}",
    "bracing_stage": "{{ /data/form/brace/bracing_stage }}",
    "last_visit_by": "{{ /data/form/meta/username }}",
    "visit_notes": "{{ /data/form/summary/visit_notes | default: \"\" }}",
    "source": "form {{ /data/id }} (app {{ /request/query/app_id }}) by {{ /data/form/meta/userID }}",
    "fixed": {"channel": "intake", "version": 2}
  }})J");

const json kRow = json::parse(R"J({
  "create": true, "case_type": "child",
  "case_name": "{{ /item/case/create/case_name }}",
  "external_id": "{{ /data/id }}-{{ /index }}",
  "owner_id": "{{ /data/form/meta/userID }}",
  "indices": {"parent": {"case_id": "{{ /data/form/case/@case_id }}", "case_type": "patient"}},
  "properties": {"next_visit_date": "{{ /item/case/update/next_visit_date }}"}})J");

void BM_RenderCaseBody(benchmark::State& bench) {
  const json state = load_state();
  const Template body = Template::compile(kCaseBody);
  for (auto _ : bench) benchmark::DoNotOptimize(body.render(state));
}
BENCHMARK(BM_RenderCaseBody);

void BM_RenderWholeForm(benchmark::State& bench) {  // "{{ /data/form }}": a deep copy of ~18 KB
  const json state = load_state();
  const Template whole = Template::compile("{{ /data/form }}");
  for (auto _ : bench) benchmark::DoNotOptimize(whole.render(state));
}
BENCHMARK(BM_RenderWholeForm);

void BM_EachRows(benchmark::State& bench) {
  json state = load_state();
  const json entry = state["data"]["form"]["subcase_0"];
  json entries = json::array();
  for (int i = 0; i < bench.range(0); ++i) entries.push_back(entry);
  state["data"]["form"]["child"] = entries;
  const EachTemplate rows = EachTemplate::compile("/data/form/child", kRow);
  for (auto _ : bench) benchmark::DoNotOptimize(rows.render(state));
  bench.SetItemsProcessed(bench.iterations() * bench.range(0));
}
BENCHMARK(BM_EachRows)->Arg(1)->Arg(10)->Arg(100);

void BM_CompileCaseBody(benchmark::State& bench) {
  for (auto _ : bench) benchmark::DoNotOptimize(Template::compile(kCaseBody));
}
BENCHMARK(BM_CompileCaseBody);

}  // namespace

BENCHMARK_MAIN();
