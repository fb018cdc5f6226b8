target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_escape.cpp
  ${CMAKE_CURRENT_LIST_DIR}/periodic_task.cpp)
