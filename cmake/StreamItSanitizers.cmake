# STREAMIT_SANITIZE=address,undefined (or thread) instruments every target of this build tree.
set(STREAMIT_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list for the whole build")
if(STREAMIT_SANITIZE)
  add_compile_options(-fsanitize=${STREAMIT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${STREAMIT_SANITIZE})
endif()
