target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/media_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/provider_failure.cpp
  ${CMAKE_CURRENT_LIST_DIR}/media_routes.cpp)
