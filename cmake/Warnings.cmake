# Warnings live on an INTERFACE target that only chatbench's own targets link, so third-party
# headers (imported targets, hence SYSTEM includes) never trip -Werror.
add_library(chatbench_warnings INTERFACE)
target_compile_options(chatbench_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(CHATBENCH_WERROR)
  target_compile_options(chatbench_warnings INTERFACE -Werror)
endif()
# GCC 12 reports -Wmaybe-uninitialized and -Wrestrict inside system headers once inlined into our
# code at -O2/-O3 (Boost.Beast's parser, std::regex via valijson, std::string concatenation: GCC
# bug 105329), which -Werror turns into build failures. clang's -Wuninitialized family still runs
# in the clang build.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(chatbench_warnings INTERFACE -Wno-maybe-uninitialized -Wno-restrict)
endif()
