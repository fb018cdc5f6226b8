target_sources(streamit_test_support PRIVATE ${CMAKE_CURRENT_LIST_DIR}/redis_server.cpp)
