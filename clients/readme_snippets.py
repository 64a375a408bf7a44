"""Checks that the code spec/README.md shows is the code CI runs.

A fenced block right after a line `<!-- from: clients/PATH -->` must appear
word for word in that file (the whole file or a run of its lines), which
.ci/other-languages type-checks and runs:

    python clients/readme_snippets.py spec/README.md
"""

import re
import sys
from pathlib import Path

MARKER = re.compile(r"^<!-- from: (\S+) -->\n```[a-z]*\n(.*?)^```$", re.M | re.S)


def main(readme_path: str) -> None:
    readme = Path(readme_path)
    root = readme.resolve().parent.parent
    blocks = MARKER.findall(readme.read_text(encoding="utf-8"))
    failures = [
        f"{readme_path}: the block from {source} is not in that file"
        for source, block in blocks
        if block not in (root / source).read_text(encoding="utf-8")
    ]
    if not blocks:
        failures.append(f"{readme_path}: no block marked `<!-- from: clients/... -->`")
    if failures:
        sys.exit("\n".join(failures))
    print(f"{readme_path}: {len(blocks)} code blocks are word for word the files CI checks")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "spec/README.md")
