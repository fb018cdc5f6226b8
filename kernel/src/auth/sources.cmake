target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/account_repository.cpp
  ${CMAKE_CURRENT_LIST_DIR}/account_store_host.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth_routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth_services.cpp
  ${CMAKE_CURRENT_LIST_DIR}/authorizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jwt_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/key_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/refresh_families.cpp
  ${CMAKE_CURRENT_LIST_DIR}/revocation_list.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scopes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_tokens.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_claims.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ws_auth.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ws_tickets.cpp)
