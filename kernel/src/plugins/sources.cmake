target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/host_services.cpp
  ${CMAKE_CURRENT_LIST_DIR}/library_checks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outbound_session.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plugin_clients.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plugin_manager.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plugin_status.cpp)
# The kernel speaks the plugin ABI through the SDK's headers (the one contract).
target_link_libraries(streamit_kernel PUBLIC streamit_sdk)
# Plugins' outbound https (TMDB, VidKing availability) goes through Poco's OpenSSL binding.
target_link_libraries(streamit_kernel PUBLIC Poco::NetSSL)
