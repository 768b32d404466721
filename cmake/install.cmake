# Installs the library, headers and CLI with a CMake package so that consumers write
# find_package(clearance) and link clearance::clearance.
include(CMakePackageConfigHelpers)

install(TARGETS clearance EXPORT clearance-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/clearance DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(CLEARANCE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/clearance)
install(EXPORT clearance-targets NAMESPACE clearance:: DESTINATION ${CLEARANCE_CMAKE_DIR})
configure_package_config_file(cmake/clearance-config.cmake.in
  ${PROJECT_BINARY_DIR}/clearance-config.cmake INSTALL_DESTINATION ${CLEARANCE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/clearance-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/clearance-config.cmake ${PROJECT_BINARY_DIR}/clearance-config-version.cmake
  DESTINATION ${CLEARANCE_CMAKE_DIR})
