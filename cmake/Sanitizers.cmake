# CHATBENCH_SANITIZERS applies to everything in the tree (our code and the tests) so that
# instrumented and uninstrumented code never mix inside one binary.
if(CHATBENCH_SANITIZERS)
  string(REPLACE "," ";" _san_list "${CHATBENCH_SANITIZERS}")
  set(_san_flags "-fsanitize=${CHATBENCH_SANITIZERS}" -fno-omit-frame-pointer)
  if("undefined" IN_LIST _san_list)
    list(APPEND _san_flags -fno-sanitize-recover=undefined)
  endif()
  add_compile_options(${_san_flags})
  add_link_options(${_san_flags})
endif()
