#!/usr/bin/env bash
# The dmxp-msgc program: exit status (0 all compiled, 1 errors, 2 usage), errors with
# file:line:col and a caret on stderr, outputs written only when changed, -I, --check,
# --list-outputs, --with-dependencies, the capacity options.  Usage: cli_test.sh <dmxp-msgc> <tests/msgc dir>
set -uo pipefail
msgc=$1
here=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

check() {  # <name> <expected status> <text expected in output or ""> -- <args...>
  local name=$1 want=$2 text=$3
  shift 4
  local out status
  out=$("$msgc" "$@" 2>&1)
  status=$?
  if [[ $status -ne $want ]]; then
    echo "FAIL $name: exit $status, expected $want; output:"; echo "$out" | head -20
    failures=$((failures + 1))
  elif [[ -n "$text" ]] && ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL $name: output lacks '$text'; output:"; echo "$out" | head -20
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

data=$here/data
bad=$here/bad/bad_msgs/msg

check good 0 "" -- -I "$data" -o "$work/out" "$data/demo_msgs" "$data/demo_base"
for f in cpp/demo_msgs/msg/Everything.hpp python/demo_msgs/msg/_Everything.py \
         python/demo_msgs/msg/__init__.py descriptor/demo_base/msg/Base.json; do
  [[ -s "$work/out/$f" ]] || { echo "FAIL good: $f missing"; failures=$((failures + 1)); }
done
stamp=$(stat -c %Y.%N "$work/out/cpp/demo_msgs/msg/Everything.hpp")
sleep 1
check again 0 "" -- -I "$data" -o "$work/out" "$data/demo_msgs" "$data/demo_base"
[[ $(stat -c %Y.%N "$work/out/cpp/demo_msgs/msg/Everything.hpp") == "$stamp" ]] ||
  { echo "FAIL again: an unchanged output was rewritten"; failures=$((failures + 1)); }

check check-only 0 "" -- --check -o "$work/none" "$data/demo_base"
[[ ! -e "$work/none" ]] || { echo "FAIL check-only: wrote files"; failures=$((failures + 1)); }
check list 0 "cpp/demo_base/msg/Base.hpp" -- --list-outputs --lang cpp,descriptor "$data/demo_base/msg/Base.msg"
check one-language 0 "" -- --lang python -o "$work/py" "$data/demo_base"
[[ -e "$work/py/python/demo_base/msg/_Base.py" && ! -e "$work/py/cpp" ]] ||
  { echo "FAIL one-language"; failures=$((failures + 1)); }

# --with-dependencies: the used types of other packages (demo_base, standard ones) come too,
# each package's Python files complete; without it, only the inputs' own.
check with-dependencies 0 "" -- --lang python --with-dependencies -I "$data" -o "$work/deps" "$data/demo_msgs/msg/Everything.msg"
for f in demo_msgs/msg/_Everything.py demo_msgs/msg/_Inner.py demo_base/msg/_Base.py demo_base/__init__.py \
         std_msgs/msg/_Header.py std_msgs/msg/__init__.py builtin_interfaces/msg/_Time.py geometry_msgs/msg/_Point.py; do
  [[ -s "$work/deps/python/$f" ]] || { echo "FAIL with-dependencies: $f missing"; failures=$((failures + 1)); }
done
[[ ! -e "$work/deps/python/geometry_msgs/msg/_Pose.py" ]] ||
  { echo "FAIL with-dependencies: an unused type was generated"; failures=$((failures + 1)); }
check without-dependencies 0 "" -- --lang python -I "$data" -o "$work/nodeps" "$data/demo_msgs/msg/Everything.msg"
[[ ! -e "$work/nodeps/python/demo_base" && ! -e "$work/nodeps/python/std_msgs" ]] ||
  { echo "FAIL without-dependencies: other packages were generated"; failures=$((failures + 1)); }

# A root without demo_base: Everything's demo_base/Base is found only through -I...
mkdir -p "$work/r/demo_msgs/msg"
cp "$data"/demo_msgs/msg/*.msg "$data/demo_msgs/dmxp_package.yaml" "$work/r/demo_msgs/msg/"
mv "$work/r/demo_msgs/msg/dmxp_package.yaml" "$work/r/demo_msgs/"
check needs-include 1 "unknown type 'demo_base/Base'" -- --check "$work/r/demo_msgs/msg/Everything.msg"
check with-include 0 "" -- --check -I "$data" "$work/r/demo_msgs/msg/Everything.msg"
# ...but the standard packages always are.
check standard 0 "" -- --check "$here/../../msgs/sensor_msgs"

check syntax 1 "Syntax.msg:2:8: error: unexpected 'b'" -- --check "$bad/Syntax.msg"
check caret 1 "       ^" -- --check "$bad/Syntax.msg"
check unknown 1 "UnknownType.msg:2:1: error: unknown type 'Pose'" -- --check "$bad/UnknownType.msg"
check duplicate 1 "Duplicate.msg:2:9: error: duplicate field name 'x'" -- --check "$bad/Duplicate.msg"
check recursive 1 "recursive type: bad_msgs/RecursiveA -> bad_msgs/RecursiveB -> bad_msgs/RecursiveA" -- --check "$bad/RecursiveA.msg"
check constant 1 "BadConstant.msg:1:9: error: 256 is out of range for uint8" -- --check "$bad/BadConstant.msg"
check keyword 1 "Keyword.msg:1:7: error: field name 'class' is a keyword in C++ and Python" -- --check "$bad/Keyword.msg"
check overflow 1 "Overflow.msg:2:1: error: field 'big' is too large" -- --check "$bad/Overflow.msg"
check no-capacity 1 "NoCapacity.msg:1:1: error: field 'data' of type 'uint8[]' has no capacity" -- --check "$bad/NoCapacity.msg"
check capacity-options 0 "" -- --check --default-capacity 64 --default-string-capacity 32 "$bad/NoCapacity.msg"
check summary 1 "failed" -- --check "$bad/Syntax.msg" "$bad/Keyword.msg" "$data/demo_base"
check whole-bad-package 1 "Overflow.msg" -- --check "$here/bad/bad_msgs"
check not-a-package 1 "cannot tell the package" -- --check "$here/cli_test.sh.msg"

check no-input 2 "no input" -- -o "$work/x"
check bad-language 2 "unknown language 'cobol' in --lang, expected one of: cpp python descriptor rust go typescript" -- --lang cobol "$bad/Syntax.msg"
check bad-option 2 "unknown option '--frobnicate'" -- --frobnicate "$bad/Syntax.msg"
check bad-capacity 2 "needs a positive integer" -- --default-capacity 0 "$bad/Syntax.msg"
check help 0 "usage: dmxp-msgc" -- --help

echo "$passed passed, $failures failed"
((failures == 0))
