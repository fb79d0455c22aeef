"""Checks that a Markdown file shows each file of a project verbatim, as the body of one of its
fenced code blocks, so the project a test builds and the one the documentation tells users
to write cannot drift apart.

Usage: readme_shows.py <file.md> <project-dir>. Names each file not shown; exit 1 if any.
"""

import re
from pathlib import Path

import check_runner

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def main(markdown, project):
    blocks = set(FENCE.findall(Path(markdown).read_text()))
    return [f"{markdown} does not show {f} verbatim as the body of a code block"
            for f in sorted(p for p in Path(project).rglob("*") if p.is_file())
            if f.read_text() not in blocks]


if __name__ == "__main__":
    check_runner.run(main, __doc__, 2)
