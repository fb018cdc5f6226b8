target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/client_message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_message.cpp)
