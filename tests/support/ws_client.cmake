target_sources(streamit_test_support PRIVATE ${CMAKE_CURRENT_LIST_DIR} / ws_client.cpp)
