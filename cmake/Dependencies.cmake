# Every dependency is a Debian 12 package (see build.sh). Imported targets put their include
# directories on the SYSTEM path, so warnings in them are not ours to fix.
find_package(Threads REQUIRED)
find_package(CURL 7.88 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)

# valijson: header-only. Debian's libvalijson-dev depends on Qt and Poco development packages
# that it does not need, so build.sh unpacks the package's headers into the build tree instead.
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp
  HINTS ${CMAKE_SOURCE_DIR}/build/deps/valijson/usr/include /usr/include)
if(NOT VALIJSON_INCLUDE_DIR)
  message(FATAL_ERROR "valijson headers not found: run ./build.sh once, or install libvalijson-dev")
endif()
add_library(valijson INTERFACE IMPORTED)
target_include_directories(valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
target_compile_definitions(valijson INTERFACE VALIJSON_USE_EXCEPTIONS=1)

if(CHATBENCH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CHATBENCH_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
