target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/gcra.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gcra_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rate_limiter.cpp)
