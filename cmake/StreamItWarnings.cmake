# Warnings are errors on our own code only; Poco, yaml-cpp and Boost come in as system headers.
function(streamit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
endfunction()
