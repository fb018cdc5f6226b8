target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/dispatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error_codes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error_envelope.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ops_routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_id.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router.cpp)
