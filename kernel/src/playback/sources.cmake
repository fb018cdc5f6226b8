target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/playback_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clock_sync.cpp
  ${CMAKE_CURRENT_LIST_DIR}/playback_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/playback_engine.cpp)
