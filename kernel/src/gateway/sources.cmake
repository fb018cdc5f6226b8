target_sources(streamit_kernel PRIVATE ${CMAKE_CURRENT_LIST_DIR}/gateway.cpp)
