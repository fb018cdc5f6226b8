# Included (deferred) at the end of the top-level CMakeLists: paths are relative to this file.
# GoogleTest's discovery variables are directory-scoped: include it in this scope too.
include(GoogleTest)
set(vidking_src ${CMAKE_CURRENT_LIST_DIR}/../src)
streamit_add_test_suite(test_plugin_vidking
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/vidking_reference_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/player_event_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/vidking_plugin_test.cpp
          ${vidking_src}/vidking_reference.cpp ${vidking_src}/player_event.cpp
  LIBS streamit_plugin_test_support)
target_include_directories(test_plugin_vidking PRIVATE ${vidking_src})
add_dependencies(test_plugin_vidking provider_vidking)
target_compile_definitions(test_plugin_vidking PRIVATE
  STREAMIT_VIDKING_PLUGIN_PATH="$<TARGET_FILE:provider_vidking>")
# Beside the sources' build dir rather than at the top of the build tree.
set_target_properties(test_plugin_vidking PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                      ${CMAKE_BINARY_DIR}/plugins/provider-vidking/tests)
