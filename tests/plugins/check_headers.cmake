# Compiles each SDK header alone (as C++20, warnings as errors) to prove it is self-contained.
file(GLOB headers ${DIR}/*.h)
file(MAKE_DIRECTORY ${WORK})
foreach(h ${headers})
  get_filename_component(name ${h} NAME)
  file(WRITE ${WORK}/check.cpp "#include \"streamit/sdk/${name}\"\n")
  execute_process(
    COMMAND ${CXX} -std=c++20 -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wold-style-cast
            -Woverloaded-virtual -fsyntax-only -I${SDK_INCLUDE} ${WORK}/check.cpp
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${h} does not compile on its own:\n${err}")
  endif()
endforeach()
