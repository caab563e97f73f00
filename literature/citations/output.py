"""Output of the CSL processor: a citeproc-py formatter that marks formatting with private-use characters,
turned at the end into plain text or into escaped HTML.

citeproc-py's own HTML formatter does not escape the reference data (a title "<script>…" came out as a live
tag), and escaping the data beforehand would break text-case transforms ("&amp;" upper-cased to "&AMP;"). So
the style's formatting is rendered as private-use marks, and only at the end is the whole entry escaped and
the marks replaced by tags. Those characters are removed from the input data (prepare.py), so no reference can
forge a tag.
"""

import html
import re

# Marks for the formatting a style can ask for: (mark, HTML opening tag, HTML closing tag). The HTML is what
# citeproc-js's HTML output uses.
_FORMATS = {
    "italic": ("\ue001", "\ue002", "<i>", "</i>"),
    "oblique": ("\ue003", "\ue004", "<em>", "</em>"),
    "bold": ("\ue005", "\ue006", "<b>", "</b>"),
    "underline": ("\ue007", "\ue008", '<span style="text-decoration:underline;">', "</span>"),
    "superscript": ("\ue009", "\ue00a", "<sup>", "</sup>"),
    "subscript": ("\ue00b", "\ue00c", "<sub>", "</sub>"),
    "small-caps": ("\ue00d", "\ue00e", '<span style="font-variant:small-caps;">', "</span>"),
}
# Put after each closing quotation mark that the style adds (see finish()).
QUOTE_END = "\ue00f"
PRIVATE_USE = re.compile("[\ue000-\ue0ff]")
_TO_HTML = {start: open_tag for start, _, open_tag, _ in _FORMATS.values()}
_TO_HTML.update({end: close_tag for _, end, _, close_tag in _FORMATS.values()})
_TO_HTML[QUOTE_END] = ""
_OPENING = {start: end for start, end, _, _ in _FORMATS.values()}  # opening mark -> closing mark
_CLOSING = set(_OPENING.values())
_MARKS = re.compile("[" + "".join(_TO_HTML) + "]")


def mark(name: str, text) -> str:
    start, end, _, _ = _FORMATS[name]
    return f"{start}{text}{end}"


def _wrapper(name: str):
    return lambda text: mark(name, text)


# The formatter interface citeproc-py expects (the attributes of its citeproc.formatter.html module).
def preformat(text):
    return text


Italic = _wrapper("italic")
Oblique = _wrapper("oblique")
Bold = _wrapper("bold")
Underline = _wrapper("underline")
Superscript = _wrapper("superscript")
Subscript = _wrapper("subscript")
SmallCaps = _wrapper("small-caps")


def Light(text):  # citeproc-js has no markup for a light font weight either
    return str(text)


def alternate_quotes(text: str, outer: tuple[str, str], inner: tuple[str, str]) -> str:
    """Quotation marks inside a quoted text swap to the other kind, as citeproc-js does: “a ‘b’” / ‘a “b”’."""
    (open_outer, close_outer), (open_inner, close_inner) = outer, inner
    if not (open_outer and close_outer and open_inner and close_inner):
        return text
    # Inner pairs first (a closing inner mark followed by a letter is an apostrophe, and stays).
    pairs = re.compile(f"{re.escape(open_inner)}(.*?){re.escape(close_inner)}(?!\\w)", re.S)
    text = pairs.sub(lambda m: f"\ue010{m.group(1)}\ue011", text)
    text = text.replace(open_outer, open_inner).replace(close_outer, close_inner)
    return text.replace("\ue010", open_outer).replace("\ue011", close_outer)


def _punctuation_into_quotes(text: str) -> str:
    """en-US punctuation-in-quote: a period or comma after a closing quote the style added moves inside it."""

    def move(match):
        before, close, punctuation = match.group(1), match.group(2), match.group(3)
        if before in ".?!":
            # “Why?”. -> “Why?”, and “Why?”, -> “Why?” (citeproc-js printed “Why?,”): the Chicago Manual
            # (6.119) and Cite Them Right drop a comma after a question mark, as pandoc's citeproc does.
            return before + close
        return before + punctuation + close

    return re.sub(f"(.)(.){QUOTE_END}([.,])", move, text, flags=re.S)


def finish(text: str, output: str, *, punctuation_in_quote: bool) -> str:
    """The processor's marked-up string as plain text or as HTML with only the style's tags."""
    # A period after a question or exclamation mark is dropped ("Why migrate?" + ". " -> "Why migrate? "), as
    # citeproc-js does; citeproc-py only merged doubled marks.
    text = re.sub(f"([?!]{_MARKS.pattern}*)\\.(?=\\s|$)", r"\1", text)
    if punctuation_in_quote:
        text = _punctuation_into_quotes(text)
    if output == "html":
        return _to_html(html.escape(text, quote=False))
    return _MARKS.sub("", text)


# Italic (bold) inside italic (bold) cancels it, as in citeproc-js: a journal title in italics that
# contains an italic word prints that word upright.
_NORMAL = {
    "\ue001": ("\ue002", '<span style="font-style:normal;">'),
    "\ue005": ("\ue006", '<span style="font-weight:normal;">'),
}


def _to_html(text: str) -> str:
    open_marks: list[tuple[str, str]] = []  # (opening mark, closing tag) of each open format

    def tag(match):
        char = match.group()
        if char in _NORMAL and any(start == char for start, _ in open_marks):
            open_marks.append((char, "</span>"))
            return _NORMAL[char][1]
        if char in _OPENING:
            open_marks.append((char, _TO_HTML[_OPENING[char]]))
            return _TO_HTML[char]
        if char in _CLOSING and open_marks:
            return open_marks.pop()[1]
        return _TO_HTML[char]

    return _MARKS.sub(tag, text)
