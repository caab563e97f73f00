"""CSL-JSON items made ready for citeproc-py, so that it prints what citeproc-js prints for the same item."""

import re

from citeproc import DATES, NAMES, VARIABLES

from literature.citations.output import PRIVATE_USE, mark

# CSL variables citeproc-py accepts (it warns about any other key, e.g. our "custom" or "citation-number").
KNOWN = {name.replace("_", "-") for name in VARIABLES} | {"type", "language", "DOI", "URL", "ISBN", "ISSN"}
NAME_VARIABLES = {name.replace("_", "-") for name in NAMES}
DATE_VARIABLES = {name.replace("_", "-") for name in DATES}
# Identifiers and links are printed exactly as stored; quotation marks are made typographic in the rest.
VERBATIM = {"DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID", "language", "type", "call-number", "citation-label"}

# citeproc-js's test for a name written in a Latin-like script (CSL.ROMANESQUE_REGEXP).
ROMANESQUE = re.compile(
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff"
    "\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)


def prepare(item: dict) -> dict:
    """A copy of a CSL-JSON item with only what citeproc-py reads, cleaned as citeproc-js would read it."""
    prepared = {}
    for key, value in item.items():
        if key not in KNOWN or value in (None, "", []):
            continue
        if key in NAME_VARIABLES:
            prepared[key] = [_name(name) for name in value]
        elif key in DATE_VARIABLES:
            prepared[key] = value
        elif key in VERBATIM:
            prepared[key] = _clean(str(value))
        else:
            prepared[key] = rich_text(typographic_quotes(_clean(str(value))))
    return prepared


# The markup citeproc-js reads in CSL-JSON text fields (and prints as formatting, not as tags).
RICH_TEXT = {
    "i": "italic",
    "b": "bold",
    "sup": "superscript",
    "sub": "subscript",
    'span style="font-variant:small-caps;"': "small-caps",
    'span style="font-variant: small-caps;"': "small-caps",
}


def rich_text(text: str) -> str:
    """<i>, <b>, <sup>, <sub> and small-caps spans as formatting marks; any other "tag" stays text."""
    for tag, name in RICH_TEXT.items():
        close = tag.split()[0]
        text = re.sub(f"<{re.escape(tag)}>(.*?)</{close}>", lambda m, name=name: mark(name, m.group(1)), text)
    return text


def _clean(text: str) -> str:
    """Remove the private-use characters that mark formatting in the processor's output (output.py)."""
    return PRIVATE_USE.sub("", text)


def typographic_quotes(text: str) -> str:
    """Quotation marks as citeproc-js prints them: an apostrophe is ’, and a quotation, in straight or curly
    single or double marks, is in the outer quotation marks “…” (made inner ones inside a quoted title)."""
    text = re.sub(r"(?<=\w)['\u2019](?=\w)", "\u2019", text)
    text = re.sub(r'(?<!\w)["\u201c](\S[^"\u201c\u201d]*?)["\u201d](?!\w)', "\u201c\\1\u201d", text)
    text = re.sub(r"(?<!\w)['\u2018](\S[^'\u2018\u2019]*?)['\u2019](?!\w)", "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019")


# Characters of the scripts whose personal names are written family name first with no separator: CJK
# ideographs (with extensions and compatibility forms), kana and Hangul.
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")


def _name(name: dict) -> dict:
    """A CSL-JSON name, with a name written in CJK characters made one static, family-first string.

    Name order follows the script the name is written in, never the language of the item (our decision where
    citeproc-js and pandoc's citeproc disagree; README.md, "Citation styles"): a romanised Chinese name ("Cai",
    "J") takes the style's own name rules ("Cai, J." in APA, Chicago and Harvard, "Cai J" in Vancouver, "CAI J"
    in GB/T 7714), as the APA, Chicago and Harvard manuals and pandoc's citeproc have it; citeproc-js prints
    every name of a zh/ja item natively, even romanised ones. A name with CJK characters in it (毛凯; also a
    mixed one such as 毛 Kai) is printed family name first, never initialised and without a comma, in every
    style: family and given run together when both are CJK ("毛凯"), with a space otherwise ("毛 Kai").
    """
    name = {key: _clean(str(value)) for key, value in name.items() if isinstance(value, str) and value.strip()}
    if "literal" in name:
        return {"literal": name["literal"]}
    family, given = name.get("family", ""), name.get("given", "")
    if CJK.search(family + given) or (family and not ROMANESQUE.search(family)):
        separator = "" if CJK.search(family[-1:]) and CJK.search(given[:1]) else " "
        return {"family": separator.join(part for part in (family, given) if part)}
    return name
