#!/usr/bin/env bash
# Builds the participants that are not CMake targets (Rust with cargo --release, Go with go
# build, both incremental; the generated Rust/Go/TypeScript types with dmxp-msgc) and writes
# <work>/participants.txt: one NAME=COMMAND line per language whose toolchain is there, in
# the order C, C++, Python, Rust, Go, Node.js. Python joins when its binding was built
# ($DMXP_INTEROP_PYTHONPATH, $DMXP_INTEROP_PYTHON); Node.js when $DMXP_NODE_ADDON is set.
# Used by run_matrix.sh and bench/lang/run.py.
# Usage: build_participants.sh <build dir of tests/interop> <source root> <dmxp-msgc>
set -euo pipefail
work=$1 src=$2 msgc=$3
here="$src/tests/interop"
gen="$work/gen"
"$msgc" -o "$gen" --lang rust,go,typescript "$src"/msgs/*/ > /dev/null

{
  echo "c=$work/dmxp_interop_c"
  echo "cpp=$work/dmxp_interop_cpp"
  if [[ -n "${DMXP_INTEROP_PYTHONPATH:-}" && -x "${DMXP_INTEROP_PYTHON:-}" ]] &&
     ls "${DMXP_INTEROP_PYTHONPATH%%:*}"/dmxp/_dmxp*.so > /dev/null 2>&1; then
    echo "python=env PYTHONPATH=$DMXP_INTEROP_PYTHONPATH $DMXP_INTEROP_PYTHON $here/python/participant.py"
  fi
  if command -v cargo > /dev/null; then
    DMXP_MSGC_OUTPUT="$gen" cargo build --offline --quiet --release --manifest-path "$here/rust/Cargo.toml" >&2
    echo "rust=${CARGO_TARGET_DIR:-$here/rust/target}/release/dmxp-interop-rust"
  fi
  if command -v go > /dev/null; then
    mod="$work/go"
    mkdir -p "$mod"
    cp "$here/go/participant.go" "$mod/participant.go"
    printf 'module interop\n\ngo 1.21\n\nrequire (\n\tdmxp.local/dmxp v0.0.0\n\tdmxpmsgs v0.0.0\n)\n\n' > "$mod/go.mod"
    printf 'replace dmxp.local/dmxp => %s\n\nreplace dmxpmsgs => %s\n' "$src/bindings/go" "$gen/go" >> "$mod/go.mod"
    (cd "$mod" && go build -o "$work/dmxp_interop_go" . >&2)
    echo "go=$work/dmxp_interop_go"
  fi
  if [[ -n "${DMXP_NODE_ADDON:-}" ]]; then
    echo "node=env DMXP_NODE_ADDON=$DMXP_NODE_ADDON DMXP_INTEROP_GENERATED=$gen node $here/node/participant.js"
  fi
} > "$work/participants.txt"
