target_sources(streamit_kernel PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sql_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pooled_database.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sqlite_database.cpp
  ${CMAKE_CURRENT_LIST_DIR}/postgres_database.cpp
  ${CMAKE_CURRENT_LIST_DIR}/migrator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/write_queue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/audit_log.cpp
  ${CMAKE_CURRENT_LIST_DIR}/storage_factory.cpp)

# Migrations are compiled into the binary. CONFIGURE_DEPENDS re-globs when files are added or
# removed; DEPENDS re-runs the generator when any .sql (or the script) is edited.
set(STREAMIT_MIGRATIONS_DIR ${CMAKE_CURRENT_LIST_DIR}/../../migrations)
file(GLOB STREAMIT_MIGRATION_FILES CONFIGURE_DEPENDS
  ${STREAMIT_MIGRATIONS_DIR}/sqlite/*.sql ${STREAMIT_MIGRATIONS_DIR}/postgres/*.sql)
set(STREAMIT_MIGRATIONS_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/storage/migrations_embedded.cpp)
add_custom_command(
  OUTPUT ${STREAMIT_MIGRATIONS_CPP}
  COMMAND ${CMAKE_COMMAND} -DMIGRATIONS_DIR=${STREAMIT_MIGRATIONS_DIR}
          -DOUTPUT=${STREAMIT_MIGRATIONS_CPP} -P ${CMAKE_CURRENT_LIST_DIR}/embed_migrations.cmake
  DEPENDS ${STREAMIT_MIGRATION_FILES} ${CMAKE_CURRENT_LIST_DIR}/embed_migrations.cmake
  COMMENT "Embedding SQL migrations"
  VERBATIM)
target_sources(streamit_kernel PRIVATE ${STREAMIT_MIGRATIONS_CPP})
