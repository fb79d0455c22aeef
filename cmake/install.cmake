# Installs headers, libdmxp, the tools, a CMake package (find_package(dmxp) -> dmxp::dmxp;
# the components rt, wire and tf add dmxp::rt, dmxp::wire and dmxp::tf, from their directories)
# and a pkg-config file (pkg-config --cflags --libs dmxp); and build/pkgconfig/dmxp.pc, the
# same for the build tree.
#
# Every install() of the project names one of three components, so that packagers (cpack)
# can split them: `runtime` the shared libraries programs load (libdmxp, libdmxp_rt,
# libdmxp_wire), `dev` what building against DMXP needs (headers, the .so links, the static
# libdmxp_tf, CMake and pkg-config files, the standard .msg/.srv sources), `tools` the programs (dmxp, dmxp-launch, dmxp-msgc,
# dmxp-container, the reusable nodes with their component libraries, and the data they read:
# type descriptors, launcher packages, shell completion). `cmake --install` installs all three.
include(CMakePackageConfigHelpers)

install(TARGETS dmxp EXPORT dmxpTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
# dmxp/internal/ is for DMXP's own layers (framework/rt, tools), never for applications.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/dmxp/include/dmxp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev PATTERN internal EXCLUDE)

# Message IDL (dmxp-msgc itself is installed by tools/msgc): the standard packages' .msg and
# .srv files, and dmxp_add_messages() for find_package(dmxp) users (dmxpConfig.cmake includes
# it); dmxp_add_standard_messages() generates every standard package from these files.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/msgs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/dmxp/msgs
  COMPONENT dev FILES_MATCHING PATTERN "*.msg" PATTERN "*.srv" PATTERN "*.action" PATTERN "dmxp_package.yaml")
install(FILES ${PROJECT_SOURCE_DIR}/cmake/DmxpMessages.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dmxp COMPONENT dev)

install(EXPORT dmxpTargets NAMESPACE dmxp:: FILE dmxpTargets.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dmxp COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/dmxpConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dmxpConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dmxp)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dmxpConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/dmxpConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dmxpConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dmxp COMPONENT dev)

# The .pc file locates the prefix relative to itself, so `cmake --install --prefix X` works
# whatever CMAKE_INSTALL_PREFIX was at configure time.
file(RELATIVE_PATH DMXP_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/dmxp.pc.in ${CMAKE_CURRENT_BINARY_DIR}/dmxp.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/dmxp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT dev)

# A second one for the build tree, in its own folder so that it never shadows the installed
# one: PKG_CONFIG_PATH=<build>/pkgconfig (the Go binding's `#cgo pkg-config: dmxp`).
set(DMXP_PC_BUILD_LIBDIR "$<TARGET_FILE_DIR:dmxp>")
configure_file(${PROJECT_SOURCE_DIR}/cmake/dmxp-uninstalled.pc.in
  ${CMAKE_CURRENT_BINARY_DIR}/dmxp-uninstalled.pc.in @ONLY)
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/pkgconfig/dmxp.pc
  INPUT ${CMAKE_CURRENT_BINARY_DIR}/dmxp-uninstalled.pc.in)
