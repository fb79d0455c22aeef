#!/usr/bin/env bash
# Installs every system dependency DMXP builds, tests and benchmarks against.
# Idempotent: packages already present are skipped, so a second run costs a few seconds.
# Only Debian packages are used; nothing is downloaded from anywhere else.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libeigen3-dev
  libzstd-dev liblz4-dev     # compressed MCAP chunks (dmxp record / play)
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev   # libFuzzer target and sanitizer runtimes
  python3-venv
  cyclonedds-dev cyclonedds-tools iproute2   # dmxp-bridge (DDS) and its network-namespace tests
  dpkg-dev file   # tools/scripts/package.sh: CPack's Debian packages (dpkg-shlibdeps, file)
  strace                                      # bridge.publisher_wakes counts a publisher's syscalls
  nlohmann-json3-dev         # JSON of dmxp-foxglove's protocol and dashboard
  chromium chromium-driver   # the dashboard's test in a real headless browser
)
# Peers for side-by-side benchmarks only; the build and the tests do not need them.
bench_packages=(iceoryx libiceoryx-posh-dev)

want=("${packages[@]}")
# Node.js runs the binding's and the Foxglove client tests; a Node.js from elsewhere (e.g.
# NodeSource, which bundles npm) is kept: only a machine without npm gets Debian's.
command -v npm >/dev/null || want+=(nodejs npm)
if [[ "${DMXP_WITH_BENCH_PEERS:-0}" == 1 ]]; then want+=("${bench_packages[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
