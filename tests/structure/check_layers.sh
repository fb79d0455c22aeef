#!/usr/bin/env bash
# check_layers.sh <source root> - fails when code reaches across a layer boundary:
#   1. outside framework/rt, no file includes a dmxp/rt/detail header or names rt::detail
#      (bindings and users go through dmxp/rt/extension.hpp and the other public headers);
#   2. nothing in framework/dmxp (the transport) includes a header of the node runtime or
#      links dmxp_rt: data flows up, dependencies point down.
# Prints every offending line as file:line: text. Build trees and vendored code are skipped.
set -euo pipefail
root=${1:?usage: check_layers.sh <source root>}
cd "$root"

sources=(--include='*.c' --include='*.cc' --include='*.cpp' --include='*.cxx' --include='*.h'
         --include='*.hh' --include='*.hpp' --include='*.hxx' --include='*.ipp' --include='*.inl')
skipped=(--exclude-dir='build*' --exclude-dir=.git --exclude-dir=node_modules
         --exclude-dir=target --exclude-dir=third_party --exclude-dir=vendor)

fail=0
report() {  # <rule> <grep output>
  [[ -z "$2" ]] && return 0
  printf '%s\n%s\n\n' "$1" "$2" >&2
  fail=1
}

detail_users=$(grep -rInE "${sources[@]}" "${skipped[@]}" \
                 -e '#[[:space:]]*include[[:space:]]*[<"]dmxp/rt/detail/' -e 'rt::detail\b' . |
               grep -vE '^\./framework/rt/' || true)
report "outside framework/rt: uses of the runtime's private dmxp/rt/detail (use dmxp/rt/extension.hpp):" \
       "$detail_users"

transport_on_rt=$(grep -rInE "${sources[@]}" "${skipped[@]}" \
                    -e '#[[:space:]]*include[[:space:]]*[<"](dmxp/rt/|(\.\./)+rt/)' framework/dmxp || true)
transport_links_rt=$(grep -rInE --include='CMakeLists.txt' --include='*.cmake' "${skipped[@]}" \
                       -e '\bdmxp_rt\b' framework/dmxp || true)
report "framework/dmxp (the transport) depends on the node runtime:" \
       "$(printf '%s\n%s' "$transport_on_rt" "$transport_links_rt" | sed '/^$/d')"

if (( fail )); then
  echo "layer check failed (docs/extending.md: what bindings may use)" >&2
  exit 1
fi
echo "layer check passed"
