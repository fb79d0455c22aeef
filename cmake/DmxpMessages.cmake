# DmxpMessages.cmake - generating message types from .msg files at build time.
#
#   dmxp_add_messages(<target> PACKAGE <pkg> FILES <root>/<pkg>/msg/<Type>.msg...
#                     (and/or <root>/<pkg>/srv/<Service>.srv, <root>/<pkg>/action/<Action>.action,
#                     or the msg/, srv/ and action/ folders)
#                     [DEPENDS <message targets>...]      packages these types use
#                     [LANGUAGES cpp python descriptor c] default: all four
#                     [INCLUDE_DIRS <roots>...]           more -I roots for dmxp-msgc
#                     [DEFAULT_CAPACITY N] [DEFAULT_STRING_CAPACITY N]
#                     [OUTPUT_DIR <dir>])                 default: <binary dir>/<target>_gen
#
# makes <target> an INTERFACE library: link it to get the generated headers
# (#include <pkg/msg/Type.hpp>; a service: <pkg/srv/Service.hpp>, <pkg/srv/Service_Request.hpp>
# and <pkg/srv/Service_Response.hpp>; an action: <pkg/action/Action.hpp> and its types, which
# use the standard action_msgs: a package with actions depends on dmxp_msgs_action_msgs, added
# to DEPENDS by itself), dmxp::dmxp and Eigen (when found). Generation runs at build
# time, again whenever a .msg file of the package, its dmxp_package.yaml, a .msg file of a
# package in DEPENDS (transitively: a nested type's change changes fingerprints) or dmxp-msgc
# changes. Properties of <target> for other tools: DMXP_MSGS_OUTPUT_DIR, DMXP_MSGS_PYTHON_DIR
# (put it on PYTHONPATH), DMXP_MSGS_PACKAGE. With the c language, <target>_c is an INTERFACE
# library for C programs: the generated C11 headers (#include <pkg/msg/Type.h>, those of the
# packages in DEPENDS too) and dmxp::dmxp (the C API, dmxp/dmxp.h), no C++ requirement.
#
#   dmxp_add_standard_messages([LANGUAGES ...])
#
# adds DMXP's standard packages (builtin_interfaces, std_msgs, geometry_msgs, sensor_msgs,
# nav_msgs, unique_identifier_msgs, action_msgs, example_interfaces, std_srvs, lifecycle_msgs,
# rcl_interfaces (Parameter types only), composition_interfaces, tf2_msgs) as targets
# dmxp_msgs_<pkg>, and dmxp_std_msgs linking them all (dmxp_msgs_<pkg>_c and dmxp_std_msgs_c
# for C when the c language is generated). In this source
# tree msgs/CMakeLists.txt calls it; after find_package(dmxp) a project calls it itself.
include_guard(GLOBAL)

# Where dmxp-msgc and the standard .msg files are: this source tree, or an installed prefix
# (dmxpConfig.cmake sets PACKAGE_PREFIX_DIR before including this file).
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../msgs/std_msgs")
  set(DMXP_STANDARD_MSGS_DIR "${CMAKE_CURRENT_LIST_DIR}/../msgs")
elseif(DEFINED PACKAGE_PREFIX_DIR)
  set(DMXP_STANDARD_MSGS_DIR "${PACKAGE_PREFIX_DIR}/share/dmxp/msgs")
  find_program(DMXP_MSGC_EXECUTABLE dmxp-msgc HINTS "${PACKAGE_PREFIX_DIR}/bin" NO_DEFAULT_PATH)
endif()
get_filename_component(DMXP_STANDARD_MSGS_DIR "${DMXP_STANDARD_MSGS_DIR}" ABSOLUTE)
set(DMXP_STANDARD_MSGS_DIR "${DMXP_STANDARD_MSGS_DIR}" CACHE INTERNAL "DMXP's standard .msg packages")

# Generated types get Eigen accessors when Eigen is found (found here, once, so that the
# imported target is visible to every directory below).
find_package(Eigen3 QUIET NO_MODULE)

# The standard packages, each after those it uses.
set(_dmxp_standard_packages builtin_interfaces std_msgs geometry_msgs sensor_msgs nav_msgs
    unique_identifier_msgs action_msgs example_interfaces std_srvs lifecycle_msgs rcl_interfaces
    composition_interfaces tf2_msgs)
set(_dmxp_uses_builtin_interfaces "")
set(_dmxp_uses_std_msgs builtin_interfaces)
set(_dmxp_uses_geometry_msgs std_msgs)
set(_dmxp_uses_sensor_msgs std_msgs geometry_msgs)
set(_dmxp_uses_nav_msgs std_msgs geometry_msgs)
set(_dmxp_uses_unique_identifier_msgs "")
set(_dmxp_uses_action_msgs builtin_interfaces unique_identifier_msgs)
set(_dmxp_uses_example_interfaces action_msgs)
set(_dmxp_uses_std_srvs "")
set(_dmxp_uses_lifecycle_msgs "")
set(_dmxp_uses_rcl_interfaces "")
set(_dmxp_uses_composition_interfaces rcl_interfaces)
set(_dmxp_uses_tf2_msgs geometry_msgs)

# The -I roots and input files of targets and of every message target they depend on.
function(_dmxp_msgs_collect out_roots out_inputs)
  set(roots "")
  set(inputs "")
  set(todo ${ARGN})
  set(seen "")
  while(todo)
    list(POP_FRONT todo t)
    if(t IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${t})
    if(NOT TARGET ${t})
      message(FATAL_ERROR "dmxp_add_messages: DEPENDS ${t} is not a target")
    endif()
    get_target_property(r ${t} DMXP_MSGS_ROOTS)
    get_target_property(i ${t} DMXP_MSGS_INPUTS)
    get_target_property(d ${t} DMXP_MSGS_DEPENDS)
    if(NOT r)
      message(FATAL_ERROR "dmxp_add_messages: DEPENDS ${t} was not made by dmxp_add_messages")
    endif()
    list(APPEND roots ${r})
    list(APPEND inputs ${i})
    if(d)
      list(APPEND todo ${d})
    endif()
  endwhile()
  list(REMOVE_DUPLICATES roots)
  set(${out_roots} ${roots} PARENT_SCOPE)
  set(${out_inputs} ${inputs} PARENT_SCOPE)
endfunction()

function(dmxp_add_messages target)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
    "PACKAGE;DEFAULT_CAPACITY;DEFAULT_STRING_CAPACITY;OUTPUT_DIR"
    "FILES;DEPENDS;LANGUAGES;INCLUDE_DIRS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "dmxp_add_messages(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_PACKAGE OR NOT arg_FILES)
    message(FATAL_ERROR "dmxp_add_messages(${target}): PACKAGE and FILES are required")
  endif()
  if(NOT arg_LANGUAGES)
    set(arg_LANGUAGES cpp python descriptor c)
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_gen")
  if(arg_OUTPUT_DIR)
    set(out "${arg_OUTPUT_DIR}")
  endif()

  if(TARGET dmxp_msgc)
    set(msgc "$<TARGET_FILE:dmxp_msgc>")
    set(msgc_dep dmxp_msgc)
  elseif(DMXP_MSGC_EXECUTABLE)
    set(msgc "${DMXP_MSGC_EXECUTABLE}")
    set(msgc_dep "${DMXP_MSGC_EXECUTABLE}")
  else()
    message(FATAL_ERROR "dmxp_add_messages: dmxp-msgc not found (set DMXP_MSGC_EXECUTABLE)")
  endif()

  # Inputs and the files they generate; the names follow the emitters (tools/msgc/lib/emit).
  set(files "")
  set(outputs "")
  set(root "")
  # A msg/, srv/ or action/ folder stands for its files.
  set(inputs "")
  set(has_actions FALSE)
  foreach(f IN LISTS arg_FILES)
    get_filename_component(f "${f}" ABSOLUTE)
    if(IS_DIRECTORY "${f}")
      file(GLOB found CONFIGURE_DEPENDS "${f}/*.msg" "${f}/*.srv" "${f}/*.action")
      list(SORT found)
      list(APPEND inputs ${found})
    else()
      list(APPEND inputs "${f}")
    endif()
  endforeach()
  foreach(f IN LISTS inputs)
    get_filename_component(type "${f}" NAME_WE)
    get_filename_component(ext "${f}" LAST_EXT)
    get_filename_component(msg_dir "${f}" DIRECTORY)
    get_filename_component(pkg_dir "${msg_dir}" DIRECTORY)
    get_filename_component(msg_dir_name "${msg_dir}" NAME)
    get_filename_component(pkg_name "${pkg_dir}" NAME)
    if(NOT ".${msg_dir_name}" STREQUAL ext OR NOT ext MATCHES "^\\.(msg|srv|action)$"
       OR NOT pkg_name STREQUAL arg_PACKAGE)
      message(FATAL_ERROR "dmxp_add_messages(${target}): ${f} is not <root>/${arg_PACKAGE}/msg/<Type>.msg, <root>/${arg_PACKAGE}/srv/<Service>.srv or <root>/${arg_PACKAGE}/action/<Action>.action")
    endif()
    get_filename_component(root "${pkg_dir}" DIRECTORY)
    list(APPEND files "${f}")
    # A .srv is two message types, <Service>_Request and <Service>_Response; C++ puts them
    # (and the service struct) under srv/, the other emitters under msg/.
    set(types ${type})
    set(cpp_dir msg)
    if(ext STREQUAL ".srv")
      set(types ${type}_Request ${type}_Response)
      set(cpp_dir srv)
      if("cpp" IN_LIST arg_LANGUAGES)
        list(APPEND outputs "${out}/cpp/${arg_PACKAGE}/srv/${type}.hpp")
      endif()
    elseif(ext STREQUAL ".action")
      # An action is eight message types (tools/msgc/lib/action_types.hpp), two services and
      # the action struct under action/.
      set(has_actions TRUE)
      set(types "")
      foreach(suffix _Goal _Result _Feedback _SendGoal_Request _SendGoal_Response
                     _GetResult_Request _GetResult_Response _FeedbackMessage)
        list(APPEND types ${type}${suffix})
      endforeach()
      set(cpp_dir action)
      if("cpp" IN_LIST arg_LANGUAGES)
        list(APPEND outputs "${out}/cpp/${arg_PACKAGE}/action/${type}.hpp"
                            "${out}/cpp/${arg_PACKAGE}/action/${type}_SendGoal.hpp"
                            "${out}/cpp/${arg_PACKAGE}/action/${type}_GetResult.hpp")
      endif()
    endif()
    foreach(t IN LISTS types)
      if("cpp" IN_LIST arg_LANGUAGES)
        list(APPEND outputs "${out}/cpp/${arg_PACKAGE}/${cpp_dir}/${t}.hpp")
      endif()
      if("python" IN_LIST arg_LANGUAGES)
        list(APPEND outputs "${out}/python/${arg_PACKAGE}/msg/_${t}.py")
      endif()
      if("descriptor" IN_LIST arg_LANGUAGES)
        list(APPEND outputs "${out}/descriptor/${arg_PACKAGE}/msg/${t}.json")
      endif()
      if("c" IN_LIST arg_LANGUAGES)
        list(APPEND outputs "${out}/c/${arg_PACKAGE}/msg/${t}.h")
      endif()
    endforeach()
  endforeach()
  if("c" IN_LIST arg_LANGUAGES)
    list(APPEND outputs "${out}/c/dmxp_msgc.h")
  endif()
  if("python" IN_LIST arg_LANGUAGES)
    list(APPEND outputs "${out}/python/${arg_PACKAGE}/__init__.py"
                        "${out}/python/${arg_PACKAGE}/msg/__init__.py")
    if(has_actions)
      list(APPEND outputs "${out}/python/${arg_PACKAGE}/action/__init__.py")
    endif()
  endif()
  # Actions use unique_identifier_msgs and builtin_interfaces, and their C++ header names the
  # action_msgs types: depend on them unless this is one of those packages.
  if(has_actions AND NOT dmxp_msgs_action_msgs IN_LIST arg_DEPENDS)
    if(NOT TARGET dmxp_msgs_action_msgs)
      message(FATAL_ERROR "dmxp_add_messages(${target}): ${arg_PACKAGE} has actions, which use the standard action_msgs package: call dmxp_add_standard_messages() first")
    endif()
    list(APPEND arg_DEPENDS dmxp_msgs_action_msgs)
  endif()
  set(own_inputs ${files})
  if(EXISTS "${root}/${arg_PACKAGE}/dmxp_package.yaml")
    list(APPEND own_inputs "${root}/${arg_PACKAGE}/dmxp_package.yaml")
  endif()

  set(dep_roots "")
  set(dep_inputs "")
  if(arg_DEPENDS)
    _dmxp_msgs_collect(dep_roots dep_inputs ${arg_DEPENDS})
  endif()
  set(args -o "${out}")
  list(JOIN arg_LANGUAGES "," langs)
  list(APPEND args --lang "${langs}")
  foreach(r IN LISTS dep_roots arg_INCLUDE_DIRS)
    list(APPEND args -I "${r}")
  endforeach()
  if(arg_DEFAULT_CAPACITY)
    list(APPEND args --default-capacity ${arg_DEFAULT_CAPACITY})
  endif()
  if(arg_DEFAULT_STRING_CAPACITY)
    list(APPEND args --default-string-capacity ${arg_DEFAULT_STRING_CAPACITY})
  endif()

  list(LENGTH files count)
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${msgc} ${args} ${files}
    DEPENDS ${own_inputs} ${dep_inputs} ${msgc_dep}
    COMMENT "dmxp-msgc: ${arg_PACKAGE} (${count} types)"
    VERBATIM)
  add_custom_target(${target}_generate ALL DEPENDS ${outputs})

  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_generate)
  # Made now, filled at build time: CMake rejects a missing include directory that reaches a
  # program through an imported target (an installed dmxp::tf links dmxp_msgs_tf2_msgs).
  file(MAKE_DIRECTORY "${out}/cpp")
  target_include_directories(${target} INTERFACE "$<BUILD_INTERFACE:${out}/cpp>")
  target_compile_features(${target} INTERFACE cxx_std_20)
  target_link_libraries(${target} INTERFACE dmxp::dmxp ${arg_DEPENDS})
  if(TARGET Eigen3::Eigen)
    target_link_libraries(${target} INTERFACE Eigen3::Eigen)
  endif()
  if("c" IN_LIST arg_LANGUAGES)
    add_library(${target}_c INTERFACE)
    add_dependencies(${target}_c ${target}_generate)
    target_include_directories(${target}_c INTERFACE "$<BUILD_INTERFACE:${out}/c>")
    set(c_depends "")
    foreach(d IN LISTS arg_DEPENDS)
      list(APPEND c_depends "$<TARGET_NAME_IF_EXISTS:${d}_c>")
    endforeach()
    target_link_libraries(${target}_c INTERFACE dmxp::dmxp ${c_depends})
  endif()
  set_target_properties(${target} PROPERTIES
    DMXP_MSGS_PACKAGE "${arg_PACKAGE}"
    DMXP_MSGS_ROOTS "${root};${arg_INCLUDE_DIRS}"
    DMXP_MSGS_INPUTS "${own_inputs}"
    DMXP_MSGS_DEPENDS "${arg_DEPENDS}"
    DMXP_MSGS_OUTPUT_DIR "${out}"
    DMXP_MSGS_PYTHON_DIR "${out}/python")
endfunction()

function(dmxp_add_standard_messages)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "LANGUAGES")
  set(all "")
  foreach(pkg IN LISTS _dmxp_standard_packages)
    file(GLOB files CONFIGURE_DEPENDS "${DMXP_STANDARD_MSGS_DIR}/${pkg}/msg/*.msg"
                                      "${DMXP_STANDARD_MSGS_DIR}/${pkg}/srv/*.srv"
                                      "${DMXP_STANDARD_MSGS_DIR}/${pkg}/action/*.action")
    set(deps "")
    foreach(d IN LISTS _dmxp_uses_${pkg})
      list(APPEND deps dmxp_msgs_${d})
    endforeach()
    set(langs "")
    if(arg_LANGUAGES)
      set(langs LANGUAGES ${arg_LANGUAGES})
    endif()
    dmxp_add_messages(dmxp_msgs_${pkg} PACKAGE ${pkg} FILES ${files} DEPENDS ${deps} ${langs})
    list(APPEND all dmxp_msgs_${pkg})
  endforeach()
  add_library(dmxp_std_msgs INTERFACE)
  target_link_libraries(dmxp_std_msgs INTERFACE ${all})
  if(NOT arg_LANGUAGES OR "c" IN_LIST arg_LANGUAGES)
    add_library(dmxp_std_msgs_c INTERFACE)
    list(TRANSFORM all APPEND _c)
    target_link_libraries(dmxp_std_msgs_c INTERFACE ${all})
  endif()
endfunction()
