"""Finds the fenced code blocks of the documentation and the doctest annotations above them.

A block is a fence (``` or ~~~, possibly indented, e.g. inside a list item) with a language
word after it. The annotations are HTML comments, one directive each, on the lines right
above the fence (GitHub does not render them):

    <!-- doctest: skip (why this block cannot run as a test) -->
    <!-- doctest: wrap main -->
    <!-- doctest: continue -->
    <!-- doctest: needs graph examples/robot/graph.yaml use_camera:=false -->
    <!-- doctest: name quickstart -->
    <!-- doctest: after quickstart -->
    <!-- doctest: stop-after 1.5 -->
    <!-- doctest: expect-output Hello -->
    <!-- doctest: args --ros-args -r __ns:=/robot -->
    <!-- doctest: file my_pkg/msg/Target.msg -->
    <!-- doctest: timeout 20 -->

docs/contributing.md explains each; DIRECTIVES below is the list the checker accepts. This
module only reads: it knows nothing about compiling or running (generate.py, run_block.py).
"""
from __future__ import annotations

import dataclasses
import hashlib
import pathlib
import re

# Fence languages that are not code: program output, terminal transcripts, synopses, trees.
TEXT_LANGUAGES = {"text", "console", "output"}

# Languages the harness knows, mapped to the name the rest of the harness uses.
CODE_LANGUAGES = {
    "cpp": "cpp", "c++": "cpp", "cxx": "cpp",
    "c": "c",
    "python": "python", "py": "python",
    "bash": "bash", "sh": "bash", "shell": "bash",
    "yaml": "yaml", "yml": "yaml",
    "json": "json",
    "xml": "xml",
    "msg": "msg", "srv": "srv",
    "cmake": "cmake",
    "rust": "rust", "rs": "rust",
    "go": "go",
    "go.mod": "gomod",
    "js": "js", "javascript": "js",
}

# directive -> does it take an argument ("required", "none")
DIRECTIVES = {
    "skip": "required",         # skip (reason): not a test; the reason is printed by docs.coverage
    "wrap main": "none",        # C/C++/Rust fragment: the body of main(), #include/use hoisted
    "continue": "none",         # one program with the previous block of this file and language
    "needs graph": "required",  # run while dmxp-launch runs this graph file (repository path, args)
    "name": "required",         # a name for 'after' (line numbers change, names do not)
    "after": "required",        # run the named block's test first, in the same domain
    "stop-after": "required",   # runs until interrupted: SIGINT after S seconds, must exit 0
    "expect-output": "required",  # stdout (and stderr) must contain this text
    "args": "required",         # command-line arguments of the program or of dmxp-launch --check
    "file": "required",         # the block's file name where it is written (msg, srv, yaml)
    "timeout": "required",      # seconds before the run fails (default 30)
}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ANNOTATION = re.compile(r"^\s*<!--\s*doctest:(?P<text>.*?)-->\s*$")
_ANY_DOCTEST_COMMENT = re.compile(r"<!--\s*doctest")


@dataclasses.dataclass
class Block:
    path: str                 # relative to the repository root, e.g. "docs/nodes.md"
    line: int                 # 1-based line of the opening fence
    info: str                 # the fence's language word as written ("" when none)
    body: str                 # the code, the fence's indentation removed
    body_line: int            # 1-based line of the body's first line
    directives: dict          # directive -> argument ("" for those without one)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def language(self) -> str | None:
        """The harness's name of the language, "text" for output, None when unknown."""
        word = self.info.lower()
        if word in TEXT_LANGUAGES:
            return "text"
        return CODE_LANGUAGES.get(word)

    @property
    def ident(self) -> str:
        """A name for files and targets: docs/nodes.md:8 -> docs_nodes_md_8."""
        return re.sub(r"[^A-Za-z0-9]+", "_", self.path) + f"_{self.line}"


class AnnotationError(Exception):
    """A malformed doctest comment: its message starts with file:line."""


def parse_directive(text: str, where: str) -> tuple[str, str]:
    text = text.strip()
    for name, arg in sorted(DIRECTIVES.items(), key=lambda kv: -len(kv[0])):
        if text == name or text.startswith(name + " ") or (name == "skip" and text.startswith("skip(")):
            value = text[len(name):].strip()
            if arg == "none" and value:
                raise AnnotationError(f"{where}: error: 'doctest: {name}' takes no argument, got '{value}'")
            if arg == "required" and not value:
                raise AnnotationError(f"{where}: error: 'doctest: {name}' needs an argument")
            if name == "skip":
                if not (value.startswith("(") and value.endswith(")") and value[1:-1].strip()):
                    raise AnnotationError(
                        f"{where}: error: a skip needs its reason in parentheses: "
                        "<!-- doctest: skip (why it cannot run) -->")
                value = value[1:-1].strip()
            return name, value
    raise AnnotationError(
        f"{where}: error: unknown doctest directive '{text}', expected one of: "
        + ", ".join(DIRECTIVES))


def read_blocks(root: pathlib.Path, rel: str) -> list[Block]:
    """Every fenced block of one Markdown file, with its directives.

    Raises AnnotationError for a malformed directive, a doctest comment that is not directly
    above a fence, or a fence that never closes."""
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    pending: dict = {}
    pending_line = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _ANNOTATION.match(line)
        if m:
            name, value = parse_directive(m.group("text"), f"{rel}:{i + 1}")
            if name in pending:
                raise AnnotationError(f"{rel}:{i + 1}: error: 'doctest: {name}' given twice for one block")
            pending[name] = value
            pending_line = pending_line or i + 1
            i += 1
            continue
        if _ANY_DOCTEST_COMMENT.search(re.sub(r"`[^`]*`", "", line)):  # not in inline code
            raise AnnotationError(
                f"{rel}:{i + 1}: error: a doctest comment must be one line of its own: "
                "<!-- doctest: directive -->")
        f = _FENCE.match(line)
        if not f:
            if pending:
                raise AnnotationError(
                    f"{rel}:{pending_line}: error: doctest annotation not directly above a fence "
                    "(nothing but other doctest comments may stand between them)")
            i += 1
            continue
        indent, fence = f.group("indent"), f.group("fence")
        info = f.group("info").strip().split()[0] if f.group("info").strip() else ""
        close = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            text = lines[j]
            body.append(text[len(indent):] if text.startswith(indent) else text.lstrip(" \t"))
            j += 1
        if j == len(lines):
            raise AnnotationError(f"{rel}:{i + 1}: error: the fence opened here never closes")
        blocks.append(Block(rel, i + 1, info, "\n".join(body) + "\n", i + 2, pending))
        pending, pending_line = {}, 0
        i = j + 1
    if pending:
        raise AnnotationError(f"{rel}:{pending_line}: error: doctest annotation at the end of the file, above no fence")
    return blocks


def documentation_files(root: pathlib.Path) -> list[str]:
    """The Markdown files whose blocks are tests: README.md, docs/**, launch/README.md and the
    bindings' READMEs (relative paths, sorted)."""
    found = [root / "README.md", root / "launch" / "README.md"]
    found += sorted((root / "docs").rglob("*.md"))
    found += sorted((root / "bindings").glob("*/README.md"))
    return [str(p.relative_to(root)) for p in found if p.is_file()]


def docs_digest(root: pathlib.Path, files: list[str]) -> str:
    """A hash of the documentation files' names and contents: docs.coverage compares it with
    the one generate.py saw, to notice documentation edited since the last configure."""
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    return h.hexdigest()
