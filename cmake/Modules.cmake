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
  chatbench_unity(${target})
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
  chatbench_unity(${target})
  # GCC's -Wsubobject-linkage fires on every TEST_F whose fixture is in an anonymous namespace
  # once the test file is #included by a unity source (it is then not the main file). It can
  # only fire that way for classes defined in headers, which the non-unity presets still check.
  if(CMAKE_UNITY_BUILD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
endfunction()

# chatbench_unity(TARGET [APART file... [APART file...]])
#
# Unity builds (CMAKE_UNITY_BUILD: on in the ci, clang and fuzz presets, off in dev and release):
# a target's sources are compiled as one translation unit, so the inline and template code they
# all use (nlohmann::json, GoogleTest, Boost.Beast, valijson) is compiled once per target instead
# of once per file; that is most of the test command's compile time. chatbench_module() and
# chatbench_unit_tests() call this without APART. Files that define the same name in their
# anonymous namespaces cannot share a translation unit: list them after APART, each APART
# opening another group (files of one group must not clash with each other either). A clash
# shows as a redefinition or an ambiguous call in the ci build. Without CMAKE_UNITY_BUILD the
# groups are ignored.
function(chatbench_unity target)
  get_target_property(dir ${target} SOURCE_DIR)
  if(NOT ARGN)
    set_target_properties(${target} PROPERTIES UNITY_BUILD_MODE GROUP)
    get_target_property(sources ${target} SOURCES)
    set_source_files_properties(${sources} TARGET_DIRECTORY ${target}
                                PROPERTIES UNITY_GROUP ${target})
    return()
  endif()
  set(group 0)
  foreach(arg IN LISTS ARGN)
    if(arg STREQUAL "APART")
      math(EXPR group "${group} + 1")
    else()
      cmake_path(ABSOLUTE_PATH arg BASE_DIRECTORY ${dir} OUTPUT_VARIABLE file)
      if(NOT EXISTS ${file})
        message(FATAL_ERROR "chatbench_unity(${target}): no source ${file}")
      endif()
      set_source_files_properties(${file} TARGET_DIRECTORY ${target}
                                  PROPERTIES UNITY_GROUP ${target}_apart${group})
    endif()
  endforeach()
endfunction()
