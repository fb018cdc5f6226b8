target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bus_message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/durable_snapshots.cpp
  ${CMAKE_CURRENT_LIST_DIR}/playback_lead.cpp
  ${CMAKE_CURRENT_LIST_DIR}/presence_batcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/presence_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/presence_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_hub.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_hub_chat.cpp
  ${CMAKE_CURRENT_LIST_DIR}/room_registry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/snapshot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/source_resolver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/strand_pool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/upgrade_gate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/version_filter.cpp)
