target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/config_error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/convert.cpp
  ${CMAKE_CURRENT_LIST_DIR}/environment.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/overrides.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plugin_config_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema_docs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/secrets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/substitution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/yaml_scalar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/yaml_to_json.cpp)
