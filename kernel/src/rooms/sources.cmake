target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/room_code.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle.cpp
  ${CMAKE_CURRENT_LIST_DIR}/public_list.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_repository.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_event_sink.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_routes.cpp)
