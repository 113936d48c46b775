# chatbench_module(NAME SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
#
# One module = one folder = one static library `chatbench_<NAME>`. Its headers are reachable as
# "<NAME>/file.hpp" only through an include directory that exists for this module alone (a
# symbolic link in the build tree), and that directory is PUBLIC on the library. So a module can
# include another module's header only if it links that module: the link graph is the
# dependency rule, and a wrong include fails to build.
function(chatbench_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target chatbench_${name})
  add_library(${target} STATIC ${M_SOURCES})
  add_library(chatbench::${name} ALIAS ${target})
  set(inc ${CMAKE_BINARY_DIR}/include/${name})
  file(MAKE_DIRECTORY ${inc})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${inc}/${name} SYMBOLIC)
  target_include_directories(${target} PUBLIC ${inc})
  target_link_libraries(${target} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS} chatbench_warnings)
endfunction()

# chatbench_unit_tests(MODULE [DEPS ...]): one GoogleTest binary `unit_<MODULE>` from
# tests/unit/<MODULE>/*_test.cpp, each test registered with CTest.
function(chatbench_unit_tests module)
  cmake_parse_arguments(T "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${module}/*_test.cpp)
  set(target unit_${module})
  add_executable(${target} ${sources})
  target_link_libraries(${target} PRIVATE chatbench::${module} ${T_DEPS} GTest::gtest_main
                                          chatbench_warnings)
  target_compile_definitions(${target} PRIVATE
    CHATBENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}" CHATBENCH_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data")
  gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST TEST_PREFIX "${module}." DISCOVERY_TIMEOUT 60)
endfunction()
