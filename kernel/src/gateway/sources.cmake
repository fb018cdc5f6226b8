target_sources(
  streamit_kernel
  PRIVATE ${CMAKE_CURRENT_LIST_DIR}/connection.cpp
          ${CMAKE_CURRENT_LIST_DIR}/gateway.cpp
          ${CMAKE_CURRENT_LIST_DIR}/groups.cpp
          ${CMAKE_CURRENT_LIST_DIR}/io_loop.cpp
          ${CMAKE_CURRENT_LIST_DIR}/outbound_queue.cpp
          ${CMAKE_CURRENT_LIST_DIR}/ping_stamp.cpp)
