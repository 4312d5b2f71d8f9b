# The whole of intake's logic is one static library, intake_core. It is assembled from one
# object library per part so that a part (and its tests) can be rebuilt on its own.

function(intake_part name)
  file(GLOB_RECURSE part_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/${name}/*.cpp")
  list(FILTER part_sources EXCLUDE REGEX "/src/app/main\\.cpp$")
  if(NOT part_sources)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY INTAKE_BUILT_PARTS ${name})
  add_library(intake_${name} OBJECT ${part_sources})
  target_include_directories(intake_${name} PUBLIC "${PROJECT_SOURCE_DIR}/include"
                                            PRIVATE "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(intake_${name} PRIVATE -Wall -Wextra -Wpedantic)
  target_link_libraries(intake_${name} PUBLIC intake_deps)
endfunction()

# Usage requirements every part shares. Asio and Beast are compiled once (src/http/asio_beast_impl.cpp).
add_library(intake_deps INTERFACE)
target_compile_definitions(intake_deps INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED SPDLOG_FMT_EXTERNAL)
target_link_libraries(intake_deps INTERFACE
  Boost::headers Boost::url nlohmann_json::nlohmann_json spdlog::spdlog yaml-cpp pugixml::pugixml
  CLI11::CLI11 OpenSSL::SSL OpenSSL::Crypto PkgConfig::SQLITE3 PkgConfig::RE2 PkgConfig::XLSXWRITER simdjson::simdjson
  Threads::Threads)

set(INTAKE_PARTS common config ingest store filter mapping jobs adaptors http app)
foreach(part IN LISTS INTAKE_PARTS)
  intake_part(${part})
endforeach()

configure_file("${PROJECT_SOURCE_DIR}/cmake/version.hpp.in"
               "${PROJECT_BINARY_DIR}/generated/intake/version.hpp" @ONLY)
target_include_directories(intake_deps INTERFACE "${PROJECT_BINARY_DIR}/generated")

get_property(built_parts GLOBAL PROPERTY INTAKE_BUILT_PARTS)
set(intake_part_objects)
foreach(part IN LISTS built_parts)
  list(APPEND intake_part_objects $<TARGET_OBJECTS:intake_${part}>)
endforeach()
add_library(intake_core STATIC ${intake_part_objects})
target_link_libraries(intake_core PUBLIC intake_deps)
target_include_directories(intake_core PUBLIC "${PROJECT_SOURCE_DIR}/include")
