#!/usr/bin/env bash
# Cross-checks one language's generated types against C++: runs dmxp-msgc on every standard
# message and the demo ones, builds what the language needs to print the layout its compiler
# (or generated tables) gave each type, and compares with msgc_layout_dump.
# Usage: layout_test.sh rust|go|typescript <dmxp-msgc> <msgc_layout_dump> <work dir> <source root>
set -euo pipefail
lang=$1 msgc=$2 layout_dump=$3 work=$4 src=$5
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
rm -rf "$work/gen"
"$msgc" -o "$work/gen" --lang "$lang" -I "$src/tests/msgc/data" \
  "$src"/msgs/*/ "$src/tests/msgc/data/demo_base" "$src/tests/msgc/data/demo_msgs"
"$layout_dump" > "$work/cxx.jsonl"

case $lang in
  rust)
    DMXP_MSGC_OUTPUT="$work/gen" cargo run --offline --quiet --manifest-path "$here/rust/Cargo.toml" > "$work/$lang.jsonl"
    ;;
  go)
    mod="$work/go-dump"
    rm -rf "$mod" && mkdir -p "$mod"
    cp "$here/go/dump.go.txt" "$mod/dump.go"
    cp "$here/go/checks.go.txt" "$mod/checks.go"
    cat > "$mod/go.mod" <<MOD
module layoutdump

go 1.21

require (
	dmxp.local/dmxp v0.0.0
	dmxpmsgs v0.0.0
)

replace dmxp.local/dmxp => $src/bindings/go

replace dmxpmsgs => $work/gen/go
MOD
    {
      echo "// Written by layout_test.sh: every type dmxp-msgc generated."
      echo "package main"
      echo "import ("
      echo "	\"dmxp.local/dmxp\""
      for d in "$work"/gen/go/*/; do echo "	\"dmxpmsgs/$(basename "$d")\""; done
      echo ")"
      echo "var allTypes = []dmxp.MessageType{"
      for f in "$work"/gen/go/*/*.go; do
        echo "	$(basename "$(dirname "$f")").$(basename "$f" .go){},"
      done
      echo "}"
    } > "$mod/types.go"
    (cd "$mod" && go vet . dmxpmsgs/... && go run .) > "$work/$lang.jsonl"
    ;;
  typescript)
    node "$here/typescript/dump.js" "$work/gen" > "$work/$lang.jsonl"
    ;;
  *) echo "layout_test.sh: unknown language '$lang', expected rust, go or typescript" >&2; exit 2 ;;
esac
python3 "$here/compare_layouts.py" "$lang" "$work/cxx.jsonl" "$work/$lang.jsonl"
