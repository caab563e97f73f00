"""Bibliographies rendered by pandoc's citeproc, a CSL processor independent of citeproc-js and citeproc-py.

pandoc comes inside the pypandoc-binary wheel (a test dependency only). Each entry is returned as plain text,
keyed by its CSL-JSON id, with the first field of a numeric style ("1.", "[1]") followed by one space, as our
own text output writes it.
"""

import html
import json
import re
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from literature.citations.engine import STYLES_DIR

_DOCUMENT = "---\nnocite: '@*'\n---\n"
_ENTRY = re.compile(
    r'<div id="ref-(?P<id>[^"]+)" class="csl-entry"[^>]*>(?P<body>.*?)</div>\s*(?=<div id="ref-|</div>\s*$)', re.S
)


@cache
def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def to_text(entry_html: str) -> str:
    entry_html = re.sub(
        r'<div class="csl-left-margin">(.*?)</div>\s*<div class="csl-right-inline">(.*)',
        lambda match: f"{match.group(1).strip()} {match.group(2)}",
        entry_html,
        flags=re.S,
    )
    text = html.unescape(re.sub(r"<[^>]+>", "", entry_html))
    return re.sub(r"\s+", " ", text).strip()


def bibliography(items: list[dict], style: str) -> dict[str, str]:
    """{CSL-JSON id: the entry as pandoc's citeproc prints it} for `items` in the vendored `style`."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "items.json"
        source.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run(
            [
                pandoc_path(),
                "--citeproc",
                "--wrap=none",
                "--to=html",
                f"--bibliography={source}",
                f"--csl={STYLES_DIR / f'{style}.csl'}",
            ],
            input=_DOCUMENT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    return {match["id"]: to_text(match["body"]) for match in _ENTRY.finditer(result.stdout)}
