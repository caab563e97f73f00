"""Formatted bibliography entries from CSL-JSON items, in the CSL styles the site offers."""

from literature.citations import engine, output
from literature.citations.prepare import prepare

# Style id (the CSL style's own id, and its file name in styles/) -> label shown to readers, in menu order.
STYLES = {
    "nlm-citation-sequence": "Vancouver (NLM)",
    "apa": "APA 7th edition",
    "china-national-standard-gb-t-7714-2015-numeric": "GB/T 7714-2015 (numeric)",
    "chicago-author-date": "Chicago author-date",
    "harvard-cite-them-right": "Harvard (Cite Them Right)",
}
# The style the founding article itself uses.
DEFAULT_STYLE = "nlm-citation-sequence"
# Styles that cite a work in its own language first when its original title is known, then in English, as
# Chinese journals print bilingual references under GB/T 7714. The other styles cite the English only: APA and
# Chicago would read CSL's original-title as the title of an earlier edition ("Original work published…").
BILINGUAL_STYLES = {"china-national-standard-gb-t-7714-2015-numeric"}
ORIGINAL_VARIABLES = ("original-title", "original-container-title", "original-author")
OUTPUTS = ("text", "html")


def check(style: str, output_format: str = "text") -> None:
    if style not in STYLES:
        raise ValueError(f"Unknown citation style {style!r}; the styles are: {', '.join(STYLES)}.")
    if output_format not in OUTPUTS:
        raise ValueError(f"Unknown output {output_format!r}; use 'text' or 'html'.")


def format_bibliography(items: list[dict], style: str, output: str = "text") -> list[str]:
    """One formatted entry per CSL-JSON item, in the bibliography order of the style.

    Numeric styles keep the given order and number the entries from 1; author-date styles sort them. With
    output="html" the entries are escaped HTML whose only tags come from the style (<i>, <b>, …).
    """
    check(style, output)
    if not items:
        return []
    return [join_entry(style, entry, output) for _, entry in _render(style, items)]


def render_entries(style: str, items: list[dict], numbers: list[int]) -> list[engine.Entry]:
    """Each item rendered on its own, as entry number numbers[i]: not in the context of a list (so the same
    item renders the same wherever it is listed, which is what lets the cache reuse it)."""
    return [
        _render(style, [item], sort=False, numbers=[number])[0][1] for item, number in zip(items, numbers, strict=True)
    ]


def _render(style: str, items: list[dict], **options) -> list[tuple[int, engine.Entry]]:
    """engine.render() of the items in English; in a bilingual style, an item with an original title is printed
    in its own language first and in English after it."""
    rendered = engine.render(style, [prepare(_in_english(item)) for item in items], **options)
    native = [_in_original_language(item) for item in items] if style in BILINGUAL_STYLES else []
    if not any(native):
        return rendered
    originals = dict(
        engine.render(style, [prepare(o or _in_english(i)) for o, i in zip(native, items, strict=True)], **options)
    )
    return [
        (index, engine.Entry(originals[index].label, f"{originals[index].body} {entry.body}"))
        if native[index]
        else (index, entry)
        for index, entry in rendered
    ]


def _in_english(item: dict) -> dict:
    return {key: value for key, value in item.items() if key not in ORIGINAL_VARIABLES}


def _in_original_language(item: dict) -> dict | None:
    """The item as published in its own language: its original title, and its original journal and author
    names where known (the English ones otherwise); None without an original title (or with one that is the
    title itself: a work imported without a translation)."""
    title = str(item.get("original-title") or "").strip()
    if not title or title == str(item.get("title") or "").strip():
        return None
    native = {**_in_english(item), "title": title}
    if item.get("original-container-title"):
        native["container-title"] = item["original-container-title"]
    if item.get("original-author"):
        native["author"] = item["original-author"]
    return native


def join_entry(style: str, entry: engine.Entry, output_format: str, *, label: str | None = None) -> str:
    """The entry as text or HTML; `label` replaces the rendered first field (the number) when given."""
    loaded = engine.load(style)
    first = entry.label if label is None else label
    text = f"{first} {entry.body}" if first else entry.body
    return output.finish(text, output_format, punctuation_in_quote=loaded.punctuation_in_quote)


def number_label(style: str, number: int) -> str | None:
    """The first field of a numeric style for `number` ("1." / "[1]") without rendering, or None if the
    style's first field is not simply the citation number."""
    affixes = engine.load(style).label_affixes
    if affixes is None:
        return None
    prefix, suffix = affixes
    return f"{prefix}{number}{suffix}"


def bibliography_document(items: list[dict], style: str, output: str = "text") -> str:
    """A whole bibliography as one file: text is one entry per paragraph (blank line between), in the style's
    bibliography order; HTML is one <div class="csl-entry"> per entry inside <div class="csl-bib-body">."""
    entries = format_bibliography(items, style, output)
    if output == "html":
        body = "\n".join(f'  <div class="csl-entry">{entry}</div>' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}\n</div>\n'
    return "\n\n".join(entries) + "\n" if entries else ""
