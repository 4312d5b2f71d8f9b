// Dedupe keys: SHA-256 of the body by default, or of the values at configured JSON pointers.

#include <gtest/gtest.h>

#include <utility>

#include "intake/ingest/body_decoder.hpp"
#include "intake/ingest/dedupe_key.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

const std::vector<std::string> kNoPointers;
const std::vector<std::string> kCasePointers = {"/case_id", "/server_date_modified"};

std::string key_of(const std::vector<std::string>& pointers, std::string_view body) {
  return dedupe_key(pointers, json::parse(body), body);
}

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string("a\0b", 3)).size(), 64u);
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

TEST(BodyHashKey, StableAndPerBody) {
  const std::string body = R"({"id": "f-1", "form": {"a": 1}})";
  EXPECT_EQ(key_of(kNoPointers, body), "sha256:" + sha256_hex(body));
  EXPECT_EQ(key_of(kNoPointers, body), key_of(kNoPointers, std::string(body)));
  // Any byte changes the key, even one that does not change the JSON.
  EXPECT_NE(key_of(kNoPointers, body), key_of(kNoPointers, body + "\n"));
  EXPECT_NE(key_of(kNoPointers, body), key_of(kNoPointers, R"({"id": "f-1", "form": {"a": 2}})"));
}

TEST(BodyHashKey, IgnoresTheView) {
  EXPECT_EQ(dedupe_key(kNoPointers, json{{"a", 1}}, "body"),
            dedupe_key(kNoPointers, json{{"b", 2}}, "body"));
}

TEST(PointerKey, IdIgnoresEverythingElse) {
  const std::vector<std::string> id = {"/id"};
  const std::string first = R"({"id": "f-1", "received_on": "2024-01-01", "form": {"a": 1}})";
  const std::string resend = "{\n  \"form\": {\"a\": 2},\n  \"id\": \"f-1\"\n}";
  const std::string other = R"({"id": "f-2", "received_on": "2024-01-01", "form": {"a": 1}})";
  EXPECT_EQ(key_of(id, first).rfind("fields:", 0), 0u) << key_of(id, first);
  EXPECT_EQ(key_of(id, first).size(), std::string("fields:").size() + 64);
  EXPECT_EQ(key_of(id, first), key_of(id, resend));
  EXPECT_NE(key_of(id, first), key_of(id, other));
}

TEST(PointerKey, ValuesKeepTheirJsonType) {
  const std::vector<std::string> id = {"/id"};
  EXPECT_NE(key_of(id, R"({"id": 1})"), key_of(id, R"({"id": "1"})"));
  EXPECT_NE(key_of(id, R"({"id": true})"), key_of(id, R"({"id": "true"})"));
  EXPECT_EQ(key_of(id, R"({"id": {"a": 1, "b": 2}})"), key_of(id, R"({"id": {"b": 2, "a": 1}})"));
}

TEST(PointerKey, CaseFixture) {
  const std::string body = read_file(fixtures_dir() / "commcare/forwarded_case.json");
  json view = json::parse(body);
  const std::string key = dedupe_key(kCasePointers, view, body);
  EXPECT_EQ(key.rfind("fields:", 0), 0u) << key;
  // The same case state forwarded again, formatted differently: a duplicate.
  const std::string compact = view.dump();
  EXPECT_EQ(dedupe_key(kCasePointers, json::parse(compact), compact), key);
  // A later save of the same case (new server_date_modified) is a new message...
  view["server_date_modified"] = "2012-04-06T10:00:00Z";
  EXPECT_NE(dedupe_key(kCasePointers, view, view.dump()), key);
  // ...and so is another case with the same modification time.
  view = json::parse(body);
  view["case_id"] = "another-case";
  EXPECT_NE(dedupe_key(kCasePointers, view, view.dump()), key);
}

TEST(PointerKey, OpenFnCaseFixtures) {
  std::vector<std::string> keys;
  for (const char* name :
       {"openfn/commcare-case-patient.miraclefeet.json",
        "openfn/commcare-case-task-malaria.lwala.json", "commcare/forwarded_case.json"}) {
    const std::string body = read_file(fixtures_dir() / name);
    const json view = json::parse(body);
    ASSERT_TRUE(view.contains("case_id")) << name;
    ASSERT_TRUE(view.contains("server_date_modified")) << name;
    const std::string key = dedupe_key(kCasePointers, view, body);
    EXPECT_EQ(key.rfind("fields:", 0), 0u) << name;
    EXPECT_EQ(key, dedupe_key(kCasePointers, view, body + " ")) << name;  // stable
    keys.push_back(key);
  }
  EXPECT_NE(keys[0], keys[1]);
  EXPECT_NE(keys[0], keys[2]);
  EXPECT_NE(keys[1], keys[2]);
}

TEST(PointerKey, NestedPointerIntoAnXmlFormView) {
  const std::string body = read_file(fixtures_dir() / "commcare/forwarded_form.xml");
  const DecodedBody decoded = decode_body(BodyFormat::xml, body);
  ASSERT_TRUE(decoded.ok) << decoded.error;
  const std::vector<std::string> instance_id = {"/form/meta/instanceID"};
  const std::string key = dedupe_key(instance_id, decoded.view, body);
  EXPECT_EQ(key.rfind("fields:", 0), 0u);
  EXPECT_EQ(key, dedupe_key(instance_id, decoded.view, body + "\n"));
}

TEST(PointerKey, MissingPointerFallsBackToTheBodyHash) {
  const std::vector<std::string> id = {"/id"};
  const std::string body = R"({"form": {"a": 1}})";
  EXPECT_EQ(key_of(id, body), "sha256:" + sha256_hex(body));
  // One of several pointers missing is enough to fall back.
  const std::string partial = R"({"case_id": "c-1"})";
  EXPECT_EQ(key_of(kCasePointers, partial), "sha256:" + sha256_hex(partial));
  // Views that are not objects (text/plain bodies, arrays) have no fields.
  EXPECT_EQ(dedupe_key(id, json("an-app-id"), "an-app-id"), "sha256:" + sha256_hex("an-app-id"));
  EXPECT_EQ(key_of({"/0/id"}, "[]"), "sha256:" + sha256_hex("[]"));
  EXPECT_EQ(key_of({"/items/x"}, R"({"items": [1]})"), "sha256:" + sha256_hex(R"({"items": [1]})"));
  EXPECT_EQ(key_of({"/items/3"}, R"({"items": [1]})"), "sha256:" + sha256_hex(R"({"items": [1]})"));
  EXPECT_EQ(key_of({"/items/0"}, R"({"items": [1]})").rfind("fields:", 0), 0u);
}

TEST(PointerKey, NullValueFallsBackToTheBodyHash) {
  // Two different messages whose id is null must not be taken for one another: a null field
  // identifies nothing, so the body hash is used as for a missing one.
  const std::vector<std::string> id = {"/id"};
  const std::string a = R"({"id": null, "form": {"a": 1}})";
  const std::string b = R"({"id": null, "form": {"a": 2}})";
  EXPECT_EQ(key_of(id, a), "sha256:" + sha256_hex(a));
  EXPECT_NE(key_of(id, a), key_of(id, b));
}

// Different numbers that the view would hold as the same double are never merged: the body
// decides. Integers that fit 64 bits still key by value.
TEST(PointerKey, NumbersTheViewHoldsInexactlyFallBackToTheBodyHash) {
  const std::vector<std::string> id = {"/id"};
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {R"({"id": 123456789012345678901234567890})", R"({"id": 123456789012345678901234567891})"},
      {R"({"id": 1e-400})", R"({"id": 3e-400})"},
      {R"({"id": 0.1000000000000000000001})", R"({"id": 0.1000000000000000000002})"},
      {R"({"id": {"n": [1.5]}})", R"({"id": {"n": [1.50000000000000000001]}})"}};
  for (const auto& [a, b] : pairs) {
    EXPECT_EQ(key_of(id, a), "sha256:" + sha256_hex(a)) << a;
    EXPECT_NE(key_of(id, a), key_of(id, b)) << a;
  }
  EXPECT_EQ(key_of(id, R"({"id": 18446744073709551615, "x": 1})"),
            key_of(id, R"({"id": 18446744073709551615, "x": 2})"));
  EXPECT_EQ(key_of(id, R"({"id": -9223372036854775808, "x": 1})"),
            key_of(id, R"({"id": -9223372036854775808, "x": 2})"));
}

TEST(PointerKey, PointerOrderMatters) {
  // The key hashes the values in the configured order, so [/a, /b] and [/b, /a] are different
  // keys (changing the order of an inbox's pointers starts a new dedupe space).
  const std::string body = R"({"a": "x", "b": "y"})";
  EXPECT_NE(key_of({"/a", "/b"}, body), key_of({"/b", "/a"}, body));
  EXPECT_EQ(key_of({"/a", "/b"}, body), key_of({"/a", "/b"}, R"({"b": "y", "a": "x", "c": 1})"));
}

TEST(PointerKey, ValuesCannotBeConfusedAcrossPointers) {
  // Swapping values between fields gives another key.
  EXPECT_NE(key_of({"/a", "/b"}, R"({"a": "x", "b": "y"})"),
            key_of({"/a", "/b"}, R"({"a": "y", "b": "x"})"));
  EXPECT_NE(key_of({"/a"}, R"({"a": "x"})"), key_of({"/b"}, R"({"b": "x"})"));
}

}  // namespace
}  // namespace intake::test
