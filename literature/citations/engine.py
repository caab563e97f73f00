"""citeproc-py, loaded with our vendored styles and locales and with our corrections (elements.py).

- Style: locales come from literature/citations/locales/, not from the copies inside the citeproc-py package.
- second-field-align: citeproc-js sets the first field (the number of a numeric style) apart from the rest of
  the entry; citeproc-py glued "1." to the author. render() returns that field separately (Entry.label).
- Items are rendered under our own ids, so ids that differ only in case (citeproc-py lower-cases them) or
  repeat cannot collide, and a cite can be given a fixed citation number (NumberedItem).
"""

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, model
from citeproc.frontend import CitationStylesStyle
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from lxml import etree

from literature.citations import elements, output
from literature.citations.elements import CSL_NS

HERE = Path(__file__).resolve().parent
STYLES_DIR = HERE / "styles"
LOCALES_DIR = HERE / "locales"


class Style(model.Style):
    def set_locale_list(self, output_locale, validate=True):
        """citeproc-py's fallback order (in-style locales, then locale files), with our vendored locale files."""
        self.locales = []
        language = output_locale.split("-")[0]
        for lang in (output_locale, language, None):
            expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            self.locales.extend(self.xpath_search(expr)[:1])
        for lang in dict.fromkeys((output_locale, model.PRIMARY_DIALECTS.get(language), "en-US")):
            path = LOCALES_DIR / f"locales-{lang}.xml"
            if lang and path.exists():
                self.locales.append(etree.parse(str(path), _parser()).getroot())
        for locale in self.locales:
            locale.style = self


OVERRIDES = (Style, *elements.ELEMENTS)


@cache
def _parser() -> etree.XMLParser:
    classes = {cls.__name__.replace("_", "-").lower(): cls for cls in model.CitationStylesElement.__subclasses__()}
    classes.update({cls.__name__.lower(): cls for cls in OVERRIDES})
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = model.CitationStylesElement
    namespace.update(classes)
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


class LoadedStyle(CitationStylesStyle):
    """A vendored style parsed with our element classes (citeproc-py's own constructor would use its classes)."""

    def __init__(self, style_id: str):
        self.xml = etree.parse(str(STYLES_DIR / f"{style_id}.csl"), _parser())
        self.root = self.xml.getroot()
        self.root.set_locale_list(self.root.get("default-locale", "en-US"))
        self.root.formatter = output
        self.lock = threading.Lock()  # the parsed tree holds per-render state
        bibliography = self.root.bibliography
        self.layout = bibliography.layout if bibliography is not None else None
        self.split_first_field = bibliography is not None and bibliography.get("second-field-align") is not None
        piq = self.root.get_locale_option("punctuation-in-quote") or "false"
        self.punctuation_in_quote = piq.lower() == "true"
        self.label_affixes = self._label_affixes()
        # Whether an entry's text depends on its position in the list, beyond a first field that is simply
        # the number (which callers can then write themselves from label_affixes).
        uses = self.root.xpath_search(
            "//cs:*[@variable='citation-number'][not(ancestor::cs:citation)][not(ancestor::cs:sort)]"
        )
        self.numbered_body = len(uses) > (1 if self.label_affixes else 0)

    def _label_affixes(self) -> tuple[str, str] | None:
        """(prefix, suffix) when the first field is exactly the citation number, so a number can be added outside."""
        if not self.split_first_field:
            return None
        first = self.layout[0]
        simple = set(first.attrib) <= {"variable", "prefix", "suffix"}
        if first.tag == f"{{{CSL_NS}}}text" and first.get("variable") == "citation-number" and simple:
            return first.get("prefix", ""), first.get("suffix", "")
        return None


@dataclass(frozen=True)
class Entry:
    """One bibliography entry: the first field set apart by second-field-align (or ""), then the rest."""

    label: str
    body: str


@cache
def load(style_id: str) -> LoadedStyle:
    return LoadedStyle(style_id)


class NumberedItem(CitationItem):
    """A cite whose citation number is fixed (citeproc-py derives it from the order of registration)."""

    @property
    def number(self):
        return dict.get(self, "fixed-number") or super().number


def render(
    style_id: str, items: list[dict], *, sort: bool = True, numbers: list[int] | None = None
) -> list[tuple[int, Entry]]:
    """Render prepared CSL-JSON items as a bibliography: (index into items, entry), in bibliography order.

    `numbers` fixes each item's citation number (by default: its position, after sorting if sorted).
    """
    style = load(style_id)
    ids = [f"item-{index}" for index in range(len(items))]
    source = CiteProcJSON([{**item, "id": item_id} for item, item_id in zip(items, ids, strict=True)])
    with style.lock:
        bibliography = CitationStylesBibliography(style, source, output)
        for index, item_id in enumerate(ids):
            cite = NumberedItem(item_id)
            if numbers is not None:
                dict.__setitem__(cite, "fixed-number", numbers[index])
            bibliography.register(Citation([cite]))
        if sort:
            bibliography.sort()
        entries = [_render_entry(style, item) for item in bibliography.items]
        order = [int(item.key.removeprefix("item-")) for item in bibliography.items]
    return list(zip(order, entries, strict=True))


def _render_entry(style: LoadedStyle, item) -> Entry:
    layout = style.layout
    layout.repressed = {}
    children = list(layout.iterchildren())
    tokens = elements.entry_scope()
    try:
        label = ""
        if style.split_first_field and len(children) > 1:
            label = str(_render_children([children[0]], item) or "")
            children = children[1:]
        body = _render_children(children, item)
    finally:
        elements.end_entry_scope(tokens)
    body = layout.format(layout.wrap(body)) if body is not None else ""
    return Entry(label=label, body=str(body))


def _render_children(children, item):
    texts = []
    for child in children:
        try:
            text = child.render(item)
        except VariableError:
            continue
        if text is not None:
            texts.append(text)
    return model.join(texts) if texts else None
