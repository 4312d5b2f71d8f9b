// credentials / jobs / triggers sections: references, cron, fragments, errors with positions.

#include <gtest/gtest.h>

#include "intake/config/config_loader.hpp"
#include "intake/filter/trigger_index.hpp"

namespace intake {
namespace {

std::optional<std::string> env(const std::string& name) {
  if (name == "HQ_KEY") return std::string("secret-key");
  return std::nullopt;
}

Config load(const std::string& yaml) { return load_config_text(yaml, "t.yaml", env); }

ConfigError load_error(const std::string& yaml) {
  try {
    load(yaml);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return ConfigError("", 0, 0, "", "");
}

const std::string kBase = R"(inboxes:
  commcare: {}
  other: {}
credentials:
  hq: { type: commcare, base_url: "https://www.commcarehq.org/", domain: demo, username: a@b.org, api_key: "${HQ_KEY}" }
jobs:
  log-it: { handler: log }
  forward: { handler: http.request, params: { url: "https://example.org/hook", method: POST }, retry: { max_attempts: 3, initial: 5s, multiplier: 2, max: 1m } }
)";

TEST(TriggersConfig, FullExampleLoadsAndCompiles) {
  Config config = load(kBase + R"(triggers:
  registrations:
    type: message
    inbox: commcare
    criteria: { form: { "@xmlns": "http://openrosa.org/formdesigner/X" } }
    exclude: [ { form: { meta: { username: test.user } } } ]
    jobs: [log-it, forward]
  as-json-string:
    criteria: '{"form": {"@name": "Registration"}}'
    exclude: { form: { calcs: { general: { test_user: "Yes" } } } }
    jobs: log-it
  hourly:
    type: cron
    cron: "@hourly"
    timezone: Africa/Nairobi
    jobs: [forward]
  after-forward:
    type: flow
    after: forward
    on: failure
    jobs: [log-it]
)");
  ASSERT_EQ(config.triggers.size(), 4u);
  EXPECT_EQ(config.triggers[0].name, "registrations");  // file order kept
  EXPECT_EQ(config.triggers[0].inbox, "commcare");
  EXPECT_EQ(config.triggers[0].exclude.size(), 1u);
  EXPECT_EQ(config.triggers[1].criteria["form"]["@name"], "Registration");
  EXPECT_FALSE(config.triggers[1].inbox.has_value());
  EXPECT_EQ(config.triggers[1].exclude.size(), 1u);
  EXPECT_EQ(config.triggers[2].type, TriggerType::cron);
  EXPECT_EQ(config.triggers[2].timezone, "Africa/Nairobi");
  ASSERT_NE(config.triggers[2].zone, nullptr);  // loaded once, here
  EXPECT_EQ(config.triggers[2].zone->name(), "Africa/Nairobi");
  EXPECT_EQ(config.triggers[3].type, TriggerType::flow);
  EXPECT_FALSE(config.triggers[3].on_success);
  EXPECT_EQ(config.credentials.at("hq").base_url, "https://www.commcarehq.org");
  EXPECT_EQ(config.credentials.at("hq").api_key.reveal(), "secret-key");
  EXPECT_EQ(config.jobs.at("forward").retry.max_attempts, 3);
  EXPECT_EQ(config.jobs.at("forward").retry.initial, std::chrono::seconds(5));
  ASSERT_TRUE(config.message_triggers);
  EXPECT_EQ(config.message_triggers->triggers().size(), 2u);

  auto form = nlohmann::json::parse(
      R"({"form": {"@xmlns": "http://openrosa.org/formdesigner/X", "@name": "Registration", "meta": {"username": "nurse"}}})");
  EXPECT_EQ(config.message_triggers->match_names("commcare", form),
            (std::vector<std::string>{"registrations", "as-json-string"}));
  EXPECT_EQ(config.message_triggers->match_names("other", form),
            (std::vector<std::string>{"as-json-string"}));
  form["form"]["meta"]["username"] = "test.user";
  EXPECT_EQ(config.message_triggers->match_names("commcare", form),
            (std::vector<std::string>{"as-json-string"}));
}

TEST(TriggersConfig, UnknownJobInTriggerNamesTheLine) {
  auto e = load_error(kBase + "triggers:\n  t:\n    criteria: {}\n    jobs: [log-it, nope]\n");
  EXPECT_EQ(e.line(), 12);
  EXPECT_EQ(e.key_path(), "triggers.t.jobs[1]");
  EXPECT_NE(e.message().find("no job named 'nope'"), std::string::npos);
}

TEST(TriggersConfig, UnknownInbox) {
  auto e = load_error(kBase +
                      "triggers:\n  t:\n    inbox: nope\n    criteria: {}\n    jobs: [log-it]\n");
  EXPECT_EQ(e.line(), 11);
  EXPECT_EQ(e.column(), 12);
  EXPECT_EQ(e.key_path(), "triggers.t.inbox");
}

TEST(TriggersConfig, UnknownKeyInTrigger) {
  auto e = load_error(kBase + "triggers:\n  t:\n    critera: {}\n    jobs: [log-it]\n");
  EXPECT_EQ(e.line(), 11);
  EXPECT_EQ(e.key_path(), "triggers.t.critera");
}

TEST(TriggersConfig, MissingCriteria) {
  auto e = load_error(kBase + "triggers:\n  t:\n    jobs: [log-it]\n");
  EXPECT_NE(e.message().find("missing `criteria`"), std::string::npos);
}

TEST(TriggersConfig, BadOperatorPointsIntoTheFragment) {
  auto e = load_error(kBase +
                      "triggers:\n  t:\n    criteria:\n      form:\n        age: { $gtt: 5 }\n"
                      "    jobs: [log-it]\n");
  EXPECT_EQ(e.line(), 13);
  EXPECT_NE(e.key_path().find("triggers.t.criteria.form.age"), std::string::npos) << e.key_path();
  EXPECT_NE(e.message().find("$gtt"), std::string::npos) << e.message();
}

TEST(TriggersConfig, BadRegexIsAConfigError) {
  auto e = load_error(kBase +
                      "triggers:\n  t:\n    criteria: { form: { name: { $regex: \"(\" } } }\n"
                      "    jobs: [log-it]\n");
  EXPECT_EQ(e.line(), 11);
  EXPECT_NE(e.key_path().find("triggers.t.criteria"), std::string::npos);
}

TEST(TriggersConfig, CriteriaJsonStringMustBeValidJson) {
  auto e = load_error(kBase + "triggers:\n  t:\n    criteria: '{\"form\": '\n    jobs: [log-it]\n");
  EXPECT_EQ(e.line(), 11);
  EXPECT_NE(e.message().find("not valid JSON"), std::string::npos);
}

TEST(TriggersConfig, ANumberBeyondADoubleInACriteriaStringIsAConfigError) {
  auto e = load_error(kBase +
                      "triggers:\n  t:\n    criteria: '{\"form\": {\"n\": 1e400}}'\n"
                      "    jobs: [log-it]\n");
  EXPECT_EQ(e.line(), 11);
  EXPECT_NE(e.message().find("not valid JSON"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("1e400"), std::string::npos) << e.message();
}

// Compiling recursed (copying each level) without bound: 5,000 levels overflowed the stack.
TEST(TriggersConfig, CriteriaNestedTooDeepAreAConfigError) {
  const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_NO_THROW(
      load(kBase + "triggers:\n  t:\n    criteria: '" + nested(64) + "'\n    jobs: [log-it]\n"));
  for (int depth : {65, 5000}) {
    auto e = load_error(kBase + "triggers:\n  t:\n    criteria: '" + nested(depth) +
                        "'\n    jobs: [log-it]\n");
    EXPECT_EQ(e.line(), 11);
    EXPECT_NE(e.message().find("nested deeper than 64 levels"), std::string::npos) << e.message();
  }
  auto yaml = load_error(kBase + "triggers:\n  t:\n    criteria: " + nested(5000) +
                         "\n    jobs: [log-it]\n");
  EXPECT_NE(yaml.message().find("nested deeper than the YAML parser allows"), std::string::npos)
      << yaml.message();
}

TEST(TriggersConfig, CronExpressionsAreValidated) {
  auto bad = load_error(
      kBase + "triggers:\n  c:\n    type: cron\n    cron: \"61 * * * *\"\n    jobs: [log-it]\n");
  EXPECT_EQ(bad.line(), 12);
  EXPECT_NE(bad.message().find("minute"), std::string::npos) << bad.message();
  auto fields = load_error(
      kBase + "triggers:\n  c:\n    type: cron\n    cron: \"* * *\"\n    jobs: [log-it]\n");
  EXPECT_NE(fields.message().find("5 fields"), std::string::npos);
  auto zone = load_error(kBase +
                         "triggers:\n  c:\n    type: cron\n    cron: \"@daily\"\n    timezone: "
                         "Mars/Olympus\n    jobs: [log-it]\n");
  EXPECT_NE(zone.message().find("time zone"), std::string::npos);
  EXPECT_EQ(zone.line(), 13);
  // A file beside the zones that is not one: a config error with the line, not a scheduler one.
  auto corrupt = load_error(kBase +
                            "triggers:\n  c:\n    type: cron\n    cron: \"@daily\"\n    timezone: "
                            "zone.tab\n    jobs: [log-it]\n");
  EXPECT_EQ(corrupt.line(), 13);
  EXPECT_NE(corrupt.message().find("not a valid zone file"), std::string::npos)
      << corrupt.message();
}

TEST(TriggersConfig, UtcNeedsNoZone) {
  auto config = load(kBase +
                     "triggers:\n  c:\n    type: cron\n    cron: \"@daily\"\n    timezone: "
                     "Etc/UTC\n    jobs: [log-it]\n");
  ASSERT_EQ(config.triggers.size(), 1u);
  EXPECT_EQ(config.triggers[0].zone, nullptr);
}

TEST(TriggersConfig, FlowReferencesAreChecked) {
  auto missing =
      load_error(kBase + "triggers:\n  f:\n    type: flow\n    after: ghost\n    jobs: [log-it]\n");
  EXPECT_NE(missing.message().find("no job named 'ghost'"), std::string::npos);
  auto loop = load_error(
      kBase + "triggers:\n  f:\n    type: flow\n    after: log-it\n    jobs: [log-it]\n");
  EXPECT_NE(loop.message().find("loop"), std::string::npos);
  auto on = load_error(
      kBase +
      "triggers:\n  f:\n    type: flow\n    after: forward\n    on: maybe\n    jobs: [log-it]\n");
  EXPECT_NE(on.message().find("success or failure"), std::string::npos);
}

TEST(TriggersConfig, JobsAreValidatedByTheirHandler) {
  auto unknown = load_error("inboxes: { a: {} }\njobs:\n  j: { handler: nope }\n");
  EXPECT_NE(unknown.message().find("unknown handler 'nope'"), std::string::npos);
  auto param = load_error(
      "inboxes: { a: {} }\njobs:\n  j:\n    handler: http.request\n    params:\n      url: "
      "https://x.org\n      metod: POST\n");
  EXPECT_EQ(param.line(), 7);
  EXPECT_EQ(param.key_path(), "jobs.j.params.metod");
  auto url = load_error(
      "inboxes: { a: {} }\njobs:\n  j: { handler: http.request, params: { url: ftp://x } }\n");
  EXPECT_NE(url.message().find("http://"), std::string::npos);
  auto credential =
      load_error("inboxes: { a: {} }\njobs:\n  j: { handler: log, credential: ghost }\n");
  EXPECT_NE(credential.message().find("no credential named 'ghost'"), std::string::npos);
  auto retry = load_error(
      "inboxes: { a: {} }\njobs:\n  j: { handler: log, retry: { initial: 1h, max: 1m } }\n");
  EXPECT_NE(retry.message().find("max"), std::string::npos);
}

TEST(TriggersConfig, CommCareCredentialNeedsExactlyOneSecret) {
  auto both = load_error(
      "inboxes: { a: {} }\ncredentials:\n  hq: { type: commcare, base_url: https://x.org, domain: "
      "d, username: u, api_key: k, password: p }\n");
  EXPECT_NE(both.message().find("exactly one"), std::string::npos);
  auto unset = load_error(
      "inboxes: { a: {} }\ncredentials:\n  hq: { type: commcare, base_url: https://x.org, domain: "
      "d, username: u, api_key: \"${MISSING_KEY}\" }\n");
  EXPECT_NE(unset.message().find("MISSING_KEY"), std::string::npos);
  EXPECT_EQ(unset.line(), 3);
}

TEST(TriggersConfig, WarningsForUnusedJobsAndCredentials) {
  Config config = load(kBase);
  int unused = 0;
  for (const auto& w : config.warnings)
    unused += w.find("no trigger starts") != std::string::npos ||
              w.find("no job uses") != std::string::npos;
  EXPECT_EQ(unused, 3);  // log-it, forward, hq
}

TEST(TriggersConfig, DefaultConfigHasItsExampleTriggers) {
  Config config = load_config_file(std::string(INTAKE_SOURCE_DIR) + "/config/intake.yaml", env);
  EXPECT_NE(config.find_trigger("registrations"), nullptr);
  EXPECT_NE(config.find_trigger("patient-cases"), nullptr);
  auto patient =
      nlohmann::json::parse(R"({"properties": {"case_type": "patient"}, "user_id": "u1"})");
  EXPECT_EQ(config.message_triggers->match_names("commcare", patient),
            (std::vector<std::string>{"patient-cases"}));
  patient["properties"]["test_user"] = "yes";
  EXPECT_TRUE(config.message_triggers->match_names("commcare", patient).empty());
}

}  // namespace
}  // namespace intake

namespace intake {
namespace {

TEST(TriggersConfigDuplicates, RepeatedNamesAreErrors) {
  const auto fails = [](const std::string& yaml) {
    try {
      load_config_text(yaml, "t.yaml", [](const std::string&) { return std::nullopt; });
    } catch (const ConfigError& e) {
      return e.line();
    }
    return 0;
  };
  EXPECT_EQ(fails("inboxes: { a: {} }\njobs:\n  j: { handler: log }\n  j: { handler: log }\n"), 4);
  EXPECT_EQ(fails("inboxes: { a: {} }\ncredentials:\n  c: { type: bearer, token: t }\n  c: { type: "
                  "bearer, token: u }\n"),
            4);
  EXPECT_EQ(fails("inboxes: { a: {} }\njobs: { j: { handler: log } }\ntriggers:\n  t: { criteria: "
                  "{}, jobs: [j] }\n  t: { criteria: {}, jobs: [j] }\n"),
            5);
}

}  // namespace
}  // namespace intake
