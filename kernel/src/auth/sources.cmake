target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/auth_routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/authorizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jwt_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/key_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scopes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_claims.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_service.cpp)
