#!/usr/bin/env python3
"""Turns every fenced block of the documentation into a test (run by CMake at configure time).

    generate.py <source root> <output dir>

Writes, under the output dir:
  blocks/<ident>.<ext>   the program of each C/C++, Rust, Go and JS test, with the Markdown's
                         line numbers kept (#line for C/C++, blank lines above for the rest), so
                         compiler errors and tracebacks point at README.md:LINE
  rust/                  one crate with a [[bin]] per Rust test (shared cargo target dir)
  go/<ident>/            one module per Go test
  manifest.json          every test: name, language, blocks, directives (run_block.py reads it)
  coverage.json          every block: its test, "text", its skip reason, or an error
  doc_tests.cmake        add_executable/add_test for every test, and docs.coverage

Files are rewritten only when their content changes, so an unchanged block is not rebuilt.
Annotation and language errors never fail the configure step: they become failures of the
test docs.coverage, which names file:line and what to do.
"""
from __future__ import annotations

import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import doc_blocks  # noqa: E402

FIX_HINT = ("fix it, give it a language ('text' for output or a synopsis), or annotate it on "
            "the line above the fence: <!-- doctest: skip (reason) --> (docs/contributing.md, "
            "\"Documentation code blocks\")")

_MAIN = {"cpp": re.compile(r"\bint\s+main\s*\("), "c": re.compile(r"\bint\s+main\s*\("),
         "rust": re.compile(r"\bfn\s+main\s*\("), "go": re.compile(r"\bfunc\s+main\s*\(")}
_INCLUDE = re.compile(r"^\s*#\s*include\b")
RUNNABLE = {"cpp", "c", "python", "bash", "yaml", "json", "xml", "msg", "srv", "rust", "go", "gomod", "js"}


def write_if_changed(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def test_name(block: doc_blocks.Block) -> str:
    return f"docs.{block.where}"


def group_chains(blocks: list[doc_blocks.Block], errors: dict) -> list[list[doc_blocks.Block]]:
    """Blocks marked 'continue' join the program of the previous block of their file and
    language; returns the programs (lists of blocks), each in file order."""
    programs: list[list[doc_blocks.Block]] = []
    last: dict = {}
    for b in blocks:
        key = (b.path, b.language)
        if "continue" in b.directives:
            if key not in last:
                errors[b.where] = (f"{b.where}: error: 'doctest: continue' but no earlier {b.info} "
                                   f"block in {b.path} to continue; {FIX_HINT}")
                continue
            last[key].append(b)
            for d in ("wrap main", "needs graph", "after", "name", "stop-after", "args", "file", "skip"):
                if d in b.directives:
                    errors[b.where] = (f"{b.where}: error: 'doctest: {d}' on a continued block; put it on "
                                       f"the first block of the program ({last[key][0].where})")
            continue
        program = [b]
        programs.append(program)
        last[key] = program
    return programs


def cxx_source(program: list[doc_blocks.Block]) -> str:
    first = program[0]
    head = [f"// Generated from {first.where} by tests/docs/generate.py: edit the Markdown, not this file."]
    wrap = "wrap main" in first.directives
    body: list[str] = []
    for b in program:
        path = b.path  # relative: the same object files in every clone (ccache), short error lines
        lines = b.body.rstrip("\n").split("\n")
        if wrap:
            for n, text in enumerate(lines):
                if _INCLUDE.match(text):
                    head += [f'#line {b.body_line + n} "{path}"', text]
                    lines[n] = ""
        body += [f'#line {b.body_line} "{path}"'] + lines
    if wrap:
        return "\n".join(head + ["int main(int argc, char** argv) {", "  (void)argc; (void)argv;"]
                         + body + ["}", ""])
    return "\n".join(head + body + [""])


def padded(program: list[doc_blocks.Block], prefix: str = "", suffix: str = "") -> str:
    """The blocks' text at their Markdown line numbers (blank lines between), so a line number
    in an error is the Markdown's. `prefix` goes on the line above the first body line."""
    out: list[str] = []
    for b in program:
        want = b.body_line - 1
        if not out and prefix:
            out += [""] * (want - 1) + [prefix]
        out += [""] * max(0, want - len(out))
        out += b.body.rstrip("\n").split("\n")
    return "\n".join(out + ([suffix] if suffix else []) + [""])


def rust_source(program) -> str:
    first = program[0]
    if "wrap main" in first.directives:
        return padded(program, "fn main() -> Result<(), Box<dyn std::error::Error>> {", "    Ok(())\n}")
    return padded(program)


def js_source(program) -> str:
    if "wrap main" in program[0].directives:
        return padded(program, "(async () => {",
                      "})().catch((e) => { console.error(e); process.exit(1); });")
    return padded(program)


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    out = pathlib.Path(sys.argv[2]).resolve()
    blocks: list[doc_blocks.Block] = []
    errors: dict = {}        # where -> message
    files = doc_blocks.documentation_files(root)
    for rel in files:
        try:
            blocks += doc_blocks.read_blocks(root, rel)
        except doc_blocks.AnnotationError as e:
            errors[rel] = str(e)

    coverage: dict = {}
    candidates = []
    for b in blocks:
        if "skip" in b.directives:
            coverage[b.where] = {"skip": b.directives["skip"], "language": b.info}
        elif b.language == "text":
            coverage[b.where] = {"text": True}
        elif not b.info:
            errors[b.where] = (f"{b.where}: error: a fence without a language; {FIX_HINT}")
        elif b.language is None:
            errors[b.where] = (f"{b.where}: error: no doctest runs '{b.info}' blocks "
                               f"(known: {', '.join(sorted(doc_blocks.CODE_LANGUAGES))}); {FIX_HINT}")
        elif b.language not in RUNNABLE:
            errors[b.where] = (f"{b.where}: error: {b.info} blocks cannot run as tests yet; "
                               f"annotate it: <!-- doctest: skip (reason) -->")
        else:
            candidates.append(b)

    tests = []
    cmake = ["# Generated by tests/docs/generate.py: every documentation block as a test."]
    for program in group_chains(candidates, errors):
        first = program[0]
        lang = first.language
        if any(b.where in errors for b in program):
            continue
        name = test_name(first)
        test = {"name": name, "language": lang, "blocks": [b.where for b in program],
                "path": first.path, "line": first.line,
                "directives": first.directives, "source": None}
        main_re = _MAIN.get(lang)
        if main_re and "wrap main" not in first.directives and not any(main_re.search(b.body) for b in program):
            errors[first.where] = (
                f"{first.where}: error: this {first.info} block is a fragment (no main): make it a "
                f"complete program, or add <!-- doctest: wrap main --> (the block becomes main's body), "
                f"<!-- doctest: continue --> (it continues the previous {first.info} block), or "
                f"<!-- doctest: skip (reason) -->")
            continue
        ext = {"cpp": "cpp", "c": "c", "python": "py", "bash": "sh", "yaml": "yaml", "json": "json", "xml": "xml",
               "msg": "msg", "srv": "srv", "rust": "rs", "go": "go", "gomod": "mod", "js": "js"}[lang]
        src = out / "blocks" / f"{first.ident}.{ext}"
        if lang in ("cpp", "c"):
            write_if_changed(src, cxx_source(program))
            target = f"doc_{first.ident}"
            cmake += [f'add_executable({target} "{src}")',
                      f"target_link_libraries({target} PRIVATE dmxp_rt dmxp_std_msgs)",
                      f'set_target_properties({target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "{out}/bin")']
            if lang == "c":
                cmake.append(f"target_compile_options({target} PRIVATE -std=c11)")
            test["program"] = str(out / "bin" / target)
        elif lang == "rust":
            write_if_changed(out / "rust" / "src" / "bin" / f"{first.ident}.rs", rust_source(program))
            test["program"] = first.ident
        elif lang == "go":
            write_if_changed(out / "go" / first.ident / "main.go", padded(program))
            write_if_changed(out / "go" / first.ident / "go.mod",
                             "module docblock\n\ngo 1.21\n\nrequire dmxp.local/dmxp v0.0.0\n\n"
                             f"replace dmxp.local/dmxp => {root / 'bindings' / 'go'}\n")
            test["program"] = str(out / "go" / first.ident)
        elif lang == "js":
            write_if_changed(src, js_source(program))
        elif lang == "gomod":
            write_if_changed(src, padded(program, "module docblock"))
        else:
            write_if_changed(src, padded(program))
        test["source"] = str(src)
        tests.append(test)
        for b in program:
            coverage[b.where] = {"test": name}
        cmake += [f'add_test(NAME "{name}" COMMAND ${{DMXP_DOCS_RUNNER}} --test "{name}")',
                  f'set_tests_properties("{name}" PROPERTIES LABELS docs TIMEOUT '
                  f'{int(float(first.directives.get("timeout", 30))) + 30}'
                  + (' FIXTURES_REQUIRED docs_rust' if lang == "rust" else "") + ")"]

    names: dict = {}
    for t in tests:
        n = t["directives"].get("name")
        if n in names:
            errors[t["blocks"][0]] = (f"{t['blocks'][0]}: error: 'doctest: name {n}' is taken by "
                                      f"{names[n]}; names are unique across the documentation")
        elif n:
            names[n] = t["blocks"][0]
    for t in tests:
        after = t["directives"].get("after")
        if after and after not in names:
            errors[t["blocks"][0]] = (f"{t['blocks'][0]}: error: 'doctest: after {after}' but no block "
                                      f"is named {after}: add <!-- doctest: name {after} --> above it")

    rust_bins = sorted(t["program"] for t in tests if t["language"] == "rust")
    if rust_bins:
        toml = ['[package]', 'name = "dmxp_doc_blocks"', 'version = "0.0.0"', 'edition = "2021"',
                'publish = false', 'autobins = false', '', '[dependencies]',
                f'dmxp = {{ path = "{root / "bindings" / "rust"}" }}', '',
                '[build-dependencies]',
                f'dmxp-build = {{ path = "{root / "bindings" / "rust" / "build-support"}" }}', '',
                '[workspace]', '']
        for bin_name in rust_bins:
            toml += ['[[bin]]', f'name = "{bin_name}"', f'path = "src/bin/{bin_name}.rs"', '']
        write_if_changed(out / "rust" / "Cargo.toml", "\n".join(toml))
        # What every crate that uses dmxp does (docs/bindings.md, "Linking"): its programs find
        # libdmxp through the rpath.
        write_if_changed(out / "rust" / "build.rs", "fn main() { dmxp_build::link_rpath_to_dmxp(); }\n")
        cmake += ['add_test(NAME docs.rust_build COMMAND ${DMXP_DOCS_RUNNER} --build-rust)',
                  'set_tests_properties(docs.rust_build PROPERTIES LABELS docs TIMEOUT 600 '
                  'FIXTURES_SETUP docs_rust)']

    targets = [f"doc_{t['program'].rsplit('/doc_', 1)[1]}" for t in tests if t["language"] in ("cpp", "c")]
    cmake += ["# All of them: cmake --build <build> --target dmxp_doc_blocks",
              "add_custom_target(dmxp_doc_blocks" + ("" if not targets else " DEPENDS " + " ".join(targets)) + ")"]
    for where, message in errors.items():
        coverage[where] = {"error": message}
    cmake += ['add_test(NAME docs.coverage COMMAND ${DMXP_DOCS_RUNNER} --coverage)',
              'set_tests_properties(docs.coverage PROPERTIES LABELS docs TIMEOUT 30)']
    write_if_changed(out / "manifest.json", json.dumps(
        {"root": str(root), "files": files, "digest": doc_blocks.docs_digest(root, files), "tests": tests}, indent=1) + "\n")
    write_if_changed(out / "coverage.json", json.dumps(coverage, indent=1, sort_keys=True) + "\n")
    write_if_changed(out / "doc_tests.cmake", "\n".join(cmake) + "\n")
    skipped = sum(1 for c in coverage.values() if "skip" in c)
    print(f"docs: {len(blocks)} blocks in {len(files)} files: {len(tests)} tests, {skipped} skipped, "
          f"{len(errors)} errors" + (" (ctest -R docs.coverage lists them)" if errors else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
