target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/delay_sharing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/delay_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_alive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/node_liveness.cpp)
