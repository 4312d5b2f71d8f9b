# intake-commcare-emulator: a CommCare HQ emulator for tests and trial runs (docs/emulator.md).
# Its library is not part of intake_core; it links intake_core for Asio/Beast (compiled once
# there), the XML converter and ids. libzip reads the uploaded .xlsx files.

pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)

file(GLOB emulator_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/emulator/*.cpp")
list(FILTER emulator_sources EXCLUDE REGEX "/src/emulator/main\\.cpp$")
add_library(intake_emulator STATIC ${emulator_sources})
target_include_directories(intake_emulator PUBLIC "${PROJECT_SOURCE_DIR}/include"
                                           PRIVATE "${PROJECT_SOURCE_DIR}/src")
target_compile_options(intake_emulator PRIVATE -Wall -Wextra -Wpedantic)
target_link_libraries(intake_emulator PUBLIC intake_core PRIVATE PkgConfig::LIBZIP)

add_executable(intake-commcare-emulator "${PROJECT_SOURCE_DIR}/src/emulator/main.cpp")
target_link_libraries(intake-commcare-emulator PRIVATE intake_emulator)
