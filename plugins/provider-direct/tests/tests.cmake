# Included (deferred) at the end of the top-level CMakeLists: paths are relative to this file.
# GoogleTest's discovery variables are directory-scoped: include it in this scope too.
include(GoogleTest)
set(direct_src ${CMAKE_CURRENT_LIST_DIR}/../src)
streamit_add_test_suite(test_plugin_direct
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/address_classifier_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/media_url_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/hls_playlist_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/direct_plugin_test.cpp
          ${direct_src}/address_classifier.cpp ${direct_src}/media_url.cpp
          ${direct_src}/hls_playlist.cpp
  LIBS streamit_plugin_test_support)
target_include_directories(test_plugin_direct PRIVATE ${direct_src})
add_dependencies(test_plugin_direct provider_direct)
target_compile_definitions(test_plugin_direct PRIVATE
  STREAMIT_DIRECT_PLUGIN_PATH="$<TARGET_FILE:provider_direct>"
  STREAMIT_DIRECT_FIXTURE_DIR="${CMAKE_CURRENT_LIST_DIR}/fixtures")
# Beside the sources' build dir rather than at the top of the build tree.
set_target_properties(test_plugin_direct PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                      ${CMAKE_BINARY_DIR}/plugins/provider-direct/tests)
