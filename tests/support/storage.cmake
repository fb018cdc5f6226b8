target_sources(streamit_test_support PRIVATE ${CMAKE_CURRENT_LIST_DIR}/postgres_server.cpp)
