# helpers.sh - what the install tests share (source it from bash; every step runs the
# INSTALLED programs of a prefix, never the build tree's):
#
#   install_prefix <build-dir> <prefix>             `cmake --install` into a new prefix
#   build_external <prefix> <source-dir> <build-dir> [cmake args...]
#                                                   configure and build a CMake project that
#                                                   finds DMXP in <prefix> (Ninja; ccache when
#                                                   there is one, so reruns compile nothing)
#   launch_graph <prefix> <log> <graph.yaml> [name:=value...]
#                                                   the prefix's dmxp-launch in the background
#                                                   (LAUNCH_PID); its output goes to <log>
#   wait_for_topic <prefix> <topic> <seconds>       until `dmxp topic list` shows <topic>
#   stop_graph                                      SIGINT to the launcher (ordered shutdown);
#                                                   its exit status, 124 if it had to be killed
#   remove_domain_segments <domain>                 the domain's segments, whatever is left
#
# The caller sets DMXP_DOMAIN (one of its own, under $DMXP_TEST_DOMAIN_PREFIX).

install_prefix() {
  local build=$1 prefix=$2
  [[ ! -e $prefix ]] || { echo "install_prefix: $prefix exists; a fresh prefix is the point" >&2; return 1; }
  cmake --install "$build" --prefix "$prefix" >"$prefix.install.log" 2>&1 ||
    { cat "$prefix.install.log" >&2; return 1; }
}

build_external() {
  local prefix=$1 source=$2 build=$3
  shift 3
  local launcher=() cache_env=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    # A new temporary directory each run: ccache hits only with paths relative to it.
    cache_env=(CCACHE_BASEDIR="$(cd "$source/.." && pwd)" CCACHE_NOHASHDIR=1)
  fi
  cmake -S "$source" -B "$build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}" "$@" \
    >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; return 1; }
  env "${cache_env[@]}" cmake --build "$build" >"$build.build.log" 2>&1 ||
    { cat "$build.build.log" >&2; return 1; }
}

launch_graph() {
  local prefix=$1 log=$2 graph=$3
  shift 3
  "$prefix/bin/dmxp-launch" --no-color "$graph" "$@" >"$log" 2>&1 &
  LAUNCH_PID=$!
}

wait_for_topic() {
  local prefix=$1 topic=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; ++i)); do
    if "$prefix/bin/dmxp" topic list | grep -qx -- "$topic"; then return 0; fi
    if [[ -n ${LAUNCH_PID:-} ]] && ! kill -0 "$LAUNCH_PID" 2>/dev/null; then
      echo "wait_for_topic: the launcher exited before $topic appeared" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "wait_for_topic: no $topic after ${seconds}s" >&2
  return 1
}

stop_graph() {
  [[ -n ${LAUNCH_PID:-} ]] || return 0
  local pid=$LAUNCH_PID status=0 i
  LAUNCH_PID=
  kill -INT "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; ++i)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 124
  fi
  wait "$pid" || status=$?
  return "$status"
}

remove_domain_segments() {
  local dir=${DMXP_SHM_DIR:-/dev/shm}
  rm -f "$dir/dmxp.$1."*
}
