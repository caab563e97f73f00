"""Record what citeproc-js prints for the seed references, as the expectations of our citation tests.

    npm install --prefix scripts/citeproc-js        # once
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_seed
    .venv/bin/python scripts/citeproc-js/record_expected.py

writes tests/literature/data/citeproc_js_expected.json: for every vendored style, the bibliography citeproc-js
makes of the sample (seed references 1, 2, 7, 25, 33 and 37, in that order) as text and HTML, of all the
founding article's references as text, and of a few made-up edge cases as text and HTML.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "tian-2024-left-behind-children"
SAMPLE_NUMBERS = [1, 2, 7, 25, 33, 37]
OUTPUT = ROOT / "tests" / "literature" / "data" / "citeproc_js_expected.json"
# Made-up items for what the seed does not show but citeproc-py got wrong: names in Chinese script, quotation
# marks in titles, page ranges, a missing author, an edition, an accessed date, an editor's label, formatting
# inside titles.
EDGE_CASES = [
    {
        "id": "a1",
        "type": "article-journal",
        "title": 'Why do "left-behind" children\'s parents migrate?',
        "container-title": "Chin J Sociol",
        "volume": "12",
        "issue": "3",
        "page": "321-8",
        "language": "zh",
        "author": [{"family": "毛", "given": "凯"}, {"family": "Wang", "given": "Li Ming"}],
        "issued": {"date-parts": [[2021]]},
    },
    {
        "id": "a2",
        "type": "chapter",
        "title": "Care and 'kinship' in the city.",
        "container-title": "Urban Families",
        "publisher": "Example Press",
        "publisher-place": "Shanghai",
        "page": "101-108",
        "language": "en",
        "author": [{"family": "Smith", "given": "John Paul"}],
        "editor": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2019, 5, 3]]},
    },
    {
        "id": "a3",
        "type": "webpage",
        "title": "Left-behind children statistics",
        "container-title": "Ministry site",
        "URL": "https://example.org/a?b=1&c=2",
        "language": "zh",
        "author": [{"literal": "Ministry of Civil Affairs"}],
        "issued": {"date-parts": [[2022, 1]]},
        "accessed": {"date-parts": [[2024, 3, 15]]},
    },
    {
        "id": "a4",
        "type": "article-journal",
        "title": "Seven authors",
        "container-title": "J Test",
        "volume": "5",
        "page": "1234-1239",
        "author": [
            {"family": "A", "given": "B"},
            {"family": "C", "given": "D"},
            {"family": "E", "given": "F"},
            {"family": "G", "given": "H"},
            {"family": "I", "given": "J"},
            {"family": "K", "given": "L"},
            {"family": "M", "given": "N"},
            {"family": "O", "given": "P"},
        ],
        "issued": {"date-parts": [[2020]]},
    },
    {
        "id": "a5",
        "type": "thesis",
        "title": "A study of <script>alert(1)</script> & friends",
        "genre": "doctoral dissertation",
        "publisher": "Peking University",
        "language": "zh",
        "author": [{"family": "Li", "given": "X"}],
        "issued": {"date-parts": [[2018]]},
    },
    {
        "id": "a6",
        "type": "report",
        "title": "Annual report",
        "publisher": "UNICEF China",
        "number": "12",
        "language": "en",
        "author": [{"literal": "UNICEF"}],
        "issued": {"date-parts": [[2017]]},
    },
    {
        "id": "a7",
        "type": "book",
        "title": "no author book",
        "publisher": "Press",
        "edition": "2",
        "issued": {"date-parts": [[2015]]},
    },
    {
        "id": "a8",
        "type": "article-journal",
        "title": "Growth of <i>Homo sapiens</i> in <b>cities</b>, H<sub>2</sub>O",
        "container-title": "J <i>Test</i>",
        "author": [{"family": "Lee", "given": "A"}],
        "issued": {"date-parts": [[2020]]},
        "volume": "3",
        "page": "1-9",
    },
]


def run(*command: str, stdin: str | None = None) -> str:
    return subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True, check=True).stdout


def citeproc_js(items: list[dict], output: str) -> dict:
    script = str(ROOT / "scripts" / "citeproc_js_reference.mjs")
    return json.loads(run("node", script, "--format", output, stdin=json.dumps(items)))


def main() -> None:
    exported = run(sys.executable, "manage.py", "export_references", "--article", ARTICLE)
    article = json.loads(exported)
    by_number = {item["citation-number"]: item for item in article}
    sample = [by_number[number] for number in SAMPLE_NUMBERS]
    sample_text, sample_html = citeproc_js(sample, "text"), citeproc_js(sample, "html")
    article_text = citeproc_js(article, "text")
    styles = {}
    for path in sorted((ROOT / "literature" / "citations" / "styles").glob("*.csl")):
        updated = re.search(r"<updated>(.*?)</updated>", path.read_text(encoding="utf-8"))
        styles[path.stem] = updated.group(1) if updated else ""
    data = {
        "about": (
            "Bibliographies rendered by citeproc-js from the vendored styles and locales; recorded by "
            "scripts/citeproc-js/record_expected.py. Each list is in the bibliography order of its style."
        ),
        "processor": sample_text["processor"],
        "style_versions": styles,
        "sample": {
            "references": [{"number": item["citation-number"], "key": item["id"]} for item in sample],
            "text": sample_text["bibliographies"],
            "html": sample_html["bibliographies"],
        },
        "article": {"slug": ARTICLE, "text": article_text["bibliographies"]},
        "edge_cases": {
            "items": EDGE_CASES,
            "text": citeproc_js(EDGE_CASES, "text")["bibliographies"],
            "html": citeproc_js(EDGE_CASES, "html")["bibliographies"],
        },
    }
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
