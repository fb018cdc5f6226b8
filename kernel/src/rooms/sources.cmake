target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/room_code.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle.cpp)
