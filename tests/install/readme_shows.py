"""Checks that a Markdown file shows each file of a project verbatim, as the body of one of its
fenced code blocks, so the project a test builds and the one the documentation tells users
to write cannot drift apart.

Usage: readme_shows.py <file.md> <project-dir>. Names each file not shown; exit 1 if any.
"""

import re
import sys
from pathlib import Path

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def main(markdown, project):
    blocks = set(FENCE.findall(Path(markdown).read_text()))
    missing = []
    for f in sorted(p for p in Path(project).rglob("*") if p.is_file()):
        if f.read_text() not in blocks:
            missing.append(f)
    for f in missing:
        print(f"{markdown} does not show {f} verbatim as the body of a code block")
    return 1 if missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
