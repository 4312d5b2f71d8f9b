// Property test: on thousands of random (document, fragment) pairs, the indexed matcher, the
// compiled fragment and jsonb_contains agree with an independent reference and with
// PostgreSQL's own `jsonb @>`.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "intake/filter/containment.hpp"
#include "intake/filter/trigger_index.hpp"
#include "random_json.hpp"
#include "reference_containment.hpp"
#include "throwaway_postgres.hpp"

namespace intake::filter {
namespace {

using nlohmann::json;

constexpr std::size_t pair_count = 6000;

struct Pair {
  std::string doc_text;  // both sides read the same text, as PG does
  std::string fragment_text;
  json doc;
  json fragment;
  bool reference = false;
};

// Built once for all tests in this file.
const std::vector<Pair>& random_pairs() {
  static const std::vector<Pair> pairs = [] {
    test::RandomJson random(20240611);
    std::vector<Pair> out;
    out.reserve(pair_count);
    for (std::size_t i = 0; i < pair_count; ++i) {
      const json doc = random.document();
      const json fragment = random.fragment_of(doc);
      Pair pair;
      pair.doc_text = doc.dump();
      pair.fragment_text = fragment.dump();
      pair.doc = json::parse(pair.doc_text);
      pair.fragment = json::parse(pair.fragment_text);
      pair.reference = test::reference_contains(pair.doc, pair.fragment);
      out.push_back(std::move(pair));
    }
    return out;
  }();
  return pairs;
}

const TriggerIndex& index_of_all_fragments() {
  static const TriggerIndex index = [] {
    std::vector<Trigger> triggers;
    for (std::size_t i = 0; i < random_pairs().size(); ++i) {
      triggers.push_back({"t" + std::to_string(i),
                          std::nullopt,
                          CompiledFragment::compile(random_pairs()[i].fragment),
                          {},
                          true});
    }
    return TriggerIndex(std::move(triggers));
  }();
  return index;
}

TEST(RandomPairs, EnoughMatchesAndMisses) {
  std::size_t matches = 0;
  for (const auto& pair : random_pairs()) matches += pair.reference ? 1 : 0;
  EXPECT_GT(matches, pair_count / 5);
  EXPECT_LT(matches, pair_count * 4 / 5);
  EXPECT_GT(index_of_all_fragments().anchored_count(), pair_count / 4);
}

TEST(RandomPairs, MatchersAgreeWithReference) {
  const auto& pairs = random_pairs();
  const auto& index = index_of_all_fragments();
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& pair = pairs[i];
    const auto matched = index.match("any", pair.doc);
    const bool indexed = std::binary_search(matched.begin(), matched.end(), i);
    ASSERT_EQ(jsonb_contains(pair.doc, pair.fragment), pair.reference)
        << pair.doc_text << " @> " << pair.fragment_text;
    ASSERT_EQ(index.triggers()[i].criteria.matches(pair.doc), pair.reference)
        << pair.doc_text << " @> " << pair.fragment_text;
    ASSERT_EQ(indexed, pair.reference) << pair.doc_text << " @> " << pair.fragment_text;
    ASSERT_EQ(explain(index.triggers()[i].criteria, pair.doc).matched, pair.reference);
  }
}

TEST(RandomPairs, IndexReturnsExactlyTheMatchingTriggers) {
  // Every trigger against a sample of documents: no false positives, no misses, config order.
  const auto& pairs = random_pairs();
  const auto& index = index_of_all_fragments();
  for (std::size_t d = 0; d < pairs.size(); d += 40) {
    std::vector<std::size_t> expected;
    for (std::size_t t = 0; t < pairs.size(); ++t) {
      if (test::reference_contains(pairs[d].doc, pairs[t].fragment)) expected.push_back(t);
    }
    ASSERT_EQ(index.match("any", pairs[d].doc), expected) << pairs[d].doc_text;
  }
}

std::string csv_field(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

TEST(RandomPairs, AgreeWithPostgresJsonbContains) {
  std::string why_not;
  const auto postgres = test::ThrowawayPostgres::start(why_not);
  if (!postgres) GTEST_SKIP() << "SKIPPED: PostgreSQL comparison not run: " << why_not;

  const auto& pairs = random_pairs();
  const auto input = postgres->dir() / "pairs.csv";
  const auto output = postgres->dir() / "results.csv";
  {
    std::ofstream csv(input, std::ios::binary);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      csv << i << ',' << csv_field(pairs[i].doc_text) << ',' << csv_field(pairs[i].fragment_text)
          << '\n';
    }
  }
  const std::string sql =
      "CREATE TABLE pairs (id int PRIMARY KEY, doc text NOT NULL, fragment text NOT NULL);\n"
      "\\copy pairs FROM '" +
      input.string() +
      "' WITH (FORMAT csv)\n"
      "\\copy (SELECT id, CASE WHEN doc::jsonb @> fragment::jsonb THEN 1 ELSE 0 END FROM pairs "
      "ORDER BY id) TO '" +
      output.string() + "' WITH (FORMAT csv)\n";
  std::string error;
  ASSERT_TRUE(postgres->run_script(sql, error)) << error;

  std::ifstream results(output);
  std::string line;
  std::size_t rows = 0;
  while (std::getline(results, line)) {
    const auto comma = line.find(',');
    const std::size_t id = std::stoul(line.substr(0, comma));
    const bool pg = line.substr(comma + 1) == "1";
    ASSERT_LT(id, pairs.size());
    EXPECT_EQ(pairs[id].reference, pg) << "PostgreSQL says " << pg << " for " << pairs[id].doc_text
                                       << " @> " << pairs[id].fragment_text;
    EXPECT_EQ(index_of_all_fragments().triggers()[id].criteria.matches(pairs[id].doc), pg);
    ++rows;
  }
  EXPECT_EQ(rows, pairs.size());
}

}  // namespace
}  // namespace intake::filter
