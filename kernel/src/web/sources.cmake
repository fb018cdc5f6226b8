target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/static_policy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/static_routes.cpp)
