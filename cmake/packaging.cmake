# Debian packages of an installed DMXP, made by CPack from the install components
# (tools/scripts/package.sh runs it; docs/packaging.md):
#   dmxp-runtime  libdmxp.so.0, libdmxp_rt.so.0, libdmxp_wire.so.0: what programs built on
#                 DMXP need to run
#   dmxp-tools    dmxp, dmxp-launch, dmxp-container, dmxp-msgc, the reusable nodes, their data
#   dmxp-dev      headers, the CMake package (find_package(dmxp COMPONENTS rt wire tf)), the
#                 static libdmxp_tf.a, pkg-config, the standard .msg/.srv sources: what
#                 building against DMXP needs
# Every install() rule names one of these components; package.sh fails when one does not.
# Depends between them are exact versions; those on Debian's libraries come from
# dpkg-shlibdeps, reading what the binaries link. Each package's description: its first line is
# the summary (no common CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put it first).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dmxp)
set(CPACK_PACKAGE_VENDOR "DMXP developers")
set(CPACK_PACKAGE_CONTACT "DMXP developers <dev@dmxp.invalid>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://dmxp.invalid")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL runtime tools dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)            # <name>_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_STRIP_FILES ON)                          # debug info stays in the build tree
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)       # a shlibs file for libdmxp*.so.0
# The tools link libdmxp.so.0 and libdmxp_rt.so.0, which no installed package holds yet:
# dpkg-shlibdeps finds them in the build tree (their dependency is the next line's).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${CMAKE_LIBRARY_OUTPUT_DIRECTORY}")
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)      # dmxp-tools: Depends: dmxp-runtime (= 0.1.0-1)

set(CPACK_COMPONENT_TOOLS_DEPENDS runtime)
# dmxp_add_messages() runs dmxp-msgc, which dmxp-tools holds.
set(CPACK_COMPONENT_DEV_DEPENDS runtime tools)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME dmxp-runtime)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "DMXP shared libraries
libdmxp (lock-free shared-memory channels with a stable C ABI) and libdmxp_rt
(nodes, topics, services, parameters, executors).")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME dmxp-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "DMXP command-line tools
dmxp (introspection, recording, dmxp pkg create), dmxp-launch, dmxp-container,
dmxp-msgc and the reusable nodes (simulators, odometry, planner, relay, ...).")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME dmxp-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION "DMXP development files
Headers, the CMake package (find_package(dmxp COMPONENTS rt wire tf),
dmxp_add_messages()), the transform library libdmxp_tf.a, the pkg-config file and
the standard .msg/.srv message sources.")
# The runtime's public headers include spdlog's; dmxpConfig.cmake asks for it and needs
# CMake 3.25. Eigen adds accessors to generated types when it is there, and only the tf
# component needs it (dmxpConfig.cmake asks for it then).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libspdlog-dev, cmake (>= 3.25)")
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "libeigen3-dev, g++ (>= 4:12)")

include(CPack)
