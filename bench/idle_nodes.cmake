# dmxp-bench-idle-nodes (idle_nodes.cpp): the CPU that sleeping nodes spend while other nodes
# of their domain exchange messages (bench/idle_nodes.py runs it for two builds). Needs the
# full tree (the runtime and the nodes' messages).
if(TARGET dmxp::dmxp)
  add_executable(dmxp-bench-idle-nodes ${CMAKE_CURRENT_LIST_DIR}/idle_nodes.cpp)
  target_link_libraries(dmxp-bench-idle-nodes PRIVATE dmxp_rt dmxp_nodes_msgs)
  if(TARGET bench_all)
    add_dependencies(bench_all dmxp-bench-idle-nodes)
  endif()
endif()
