target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gateway_subsystem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_subsystem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plugins_subsystem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/realtime_subsystem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rooms_subsystem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/storage_subsystem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/termination.cpp)
