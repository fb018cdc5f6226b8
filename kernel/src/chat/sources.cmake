target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chat_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat_batcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat_entry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat_scripts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message_id.cpp)
