# dmxp-bench-foxglove-pub (foxglove/publisher.cpp): the publisher that bench/foxglove/run.py
# times with 0 and 3 Foxglove clients on dmxp-foxglove. Needs the full tree.
if(TARGET dmxp::dmxp)
  add_executable(dmxp-bench-foxglove-pub ${CMAKE_CURRENT_LIST_DIR}/foxglove/publisher.cpp)
  target_link_libraries(dmxp-bench-foxglove-pub PRIVATE dmxp_rt dmxp_std_msgs)
  if(TARGET bench_all)
    add_dependencies(bench_all dmxp-bench-foxglove-pub)
  endif()
endif()
