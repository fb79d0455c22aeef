# dmxp-bench-cdr (cdr_codec.cpp): encode/decode time of the CDR codec for Odometry, LaserScan
# and a 1080p Image, against memcpy of the same bytes. Needs the full tree.
if(TARGET dmxp_wire)
  add_executable(dmxp-bench-cdr ${CMAKE_CURRENT_LIST_DIR}/cdr_codec.cpp)
  target_link_libraries(dmxp-bench-cdr PRIVATE dmxp_wire dmxp_std_msgs)
  if(TARGET bench_all)
    add_dependencies(bench_all dmxp-bench-cdr)
  endif()
endif()
