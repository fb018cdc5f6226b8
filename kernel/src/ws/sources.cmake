target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/utf8_validator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/frame_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/frame_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/handshake.cpp)
