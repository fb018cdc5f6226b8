target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/glob.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/redis_connection_pool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/redis_subscriber.cpp
  ${CMAKE_CURRENT_LIST_DIR}/redis_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/realtime_factory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scripts/versioned_hash_cas.cpp)
