target_sources(streamit_test_support PRIVATE ${CMAKE_CURRENT_LIST_DIR}/kernel_process.cpp)
# Tests that run the real binary must rebuild it first.
add_dependencies(streamit_test_support streamit)
