#pragma once
// Shared by the XML → JSON tests: convert and insist on success, compare JSON with a readable diff.

#include <gtest/gtest.h>

#include <string_view>

#include <nlohmann/json.hpp>

#include "intake/ingest/xml_to_json.hpp"

namespace intake::test {

// The root element's JSON; fails the test (and returns null) when the conversion fails.
inline nlohmann::json tree_of(std::string_view xml, bool normalize_datetimes = true) {
  const XmlConversion conversion = xml_element_tree_to_json(xml, {normalize_datetimes});
  EXPECT_TRUE(conversion.ok) << conversion.error;
  return conversion.json;
}

inline void expect_same_json(const nlohmann::json& actual, const nlohmann::json& expected) {
  EXPECT_EQ(actual, expected) << "patch from expected to actual: "
                              << nlohmann::json::diff(expected, actual).dump(2);
}

}  // namespace intake::test
