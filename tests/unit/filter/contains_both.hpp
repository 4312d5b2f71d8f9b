#pragma once
// Checks a (document, fragment) pair with the plain jsonb_contains and the compiled fragment, and
// fails the test when the two disagree.

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "intake/filter/containment.hpp"
#include "intake/filter/fragment.hpp"

namespace intake::filter::test {

inline bool contains(const std::string& doc_text, const std::string& fragment_text) {
  const auto doc = nlohmann::json::parse(doc_text);
  const auto fragment = nlohmann::json::parse(fragment_text);
  const bool plain = jsonb_contains(doc, fragment);
  const bool compiled = CompiledFragment::compile(fragment).matches(doc);
  EXPECT_EQ(plain, compiled) << doc_text << " @> " << fragment_text;
  return plain;
}

}  // namespace intake::filter::test
