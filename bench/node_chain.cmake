# dmxp-bench-node-chain (node_chain.cpp): the node runtime's latency through a 3-node chain
# against the core benchmark's raw channel latency. Needs the full tree (the runtime and the
# standard messages); skipped when bench/ is configured alone.
if(TARGET dmxp::dmxp)
  add_executable(dmxp-bench-node-chain ${CMAKE_CURRENT_LIST_DIR}/node_chain.cpp)
  target_include_directories(dmxp-bench-node-chain PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(dmxp-bench-node-chain PRIVATE dmxp_bench_common dmxp_rt dmxp_std_msgs dmxp_nodes_msgs)
  if(TARGET bench_all)
    add_dependencies(bench_all dmxp-bench-node-chain)
  endif()
endif()
