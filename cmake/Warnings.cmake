# Warnings live on an INTERFACE target that only chatbench's own targets link, so third-party
# headers (imported targets, hence SYSTEM includes) never trip -Werror.
add_library(chatbench_warnings INTERFACE)
target_compile_options(chatbench_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(CHATBENCH_WERROR)
  target_compile_options(chatbench_warnings INTERFACE -Werror)
endif()
