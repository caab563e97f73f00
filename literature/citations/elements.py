"""Subclasses of citeproc-py's CSL element classes that make it print what citeproc-js prints.

engine.py puts them in the lookup that builds the style tree, so they apply to our styles only (nothing in
citeproc-py is monkeypatched). tests/literature/test_citation_styles_match_citeproc_js.py checks the result.

- Group: a cs:group is suppressed when it calls variables and all of them are empty. citeproc-py decides that
  from the variables the group's children *could* call, across every cs:choose branch, so APA printed
  "(Publication)" after every thesis title. We track, while rendering, the variables actually called.
- Name: citeproc-py ignored initialize="false" (Chicago: "Smith, John Paul"). Name order follows the script of
  the name, not the language of the item (a decision, see prepare.py and README.md): citeproc-js prints every
  personal name of a Chinese or Japanese item family first without a comma, even a romanised one ("Liu Y" in
  APA); we print romanised names as the style asks ("Liu, Y."), as pandoc's citeproc and the APA, Chicago and
  Harvard manuals do, and names in CJK characters natively (prepare.py).
- Text: punctuation-in-quote (the en-US "Title.”" rather than "Title”.") is not implemented by citeproc-py, nor
  is the alternation of quotes: quotation marks inside a quoted title become inner quotes (“… ‘…’ …”).
  We mark each closing quote the style adds so that output.finish() can move a following period or comma in.
- Page ranges: citeproc-py's page-range-format shortened "1-13" to "1–3" (NLM "minimal") and expanded ranges
  in styles that have no page-range-format; we follow citeproc-js's algorithms.
- Substitute: a title put in place of a missing author (through a macro) was printed a second time.
- Label: printed even when its variable was empty, and never title-cased ("ed." for APA's "Ed.").
- Dates: a localized date's parts were run together ("2024Mar15"), and a style's date-part overrides leaked
  into every later date of the same form.
- Number: an empty ordinal suffix in the style's locale fell back to en-US (GB/T: "2nd 版" for "2 版").
- Key: sort keys included our formatting marks, which sort after every letter.
"""

import contextvars
import re

from citeproc import model
from citeproc.source import VariableError

from literature.citations import output

CSL_NS = "http://purl.org/net/xbiblio/csl"

# Variable use inside the cs:group being rendered: a stack of [attempted, succeeded] frames.
_groups: contextvars.ContextVar[list | None] = contextvars.ContextVar("csl_groups", default=None)


# Variables rendered so far inside the cs:substitute child being tried, and the variables a substitution
# used in the entry being rendered, which CSL suppresses everywhere else in that entry.
_substituted: contextvars.ContextVar[list | None] = contextvars.ContextVar("csl_substituted", default=None)
_suppressed: contextvars.ContextVar[set | None] = contextvars.ContextVar("csl_suppressed", default=None)


def _note_variable(rendered: bool, variables: tuple[str, ...] = ()) -> None:
    stack = _groups.get()
    if stack:
        stack[-1][0] = True
        if rendered:
            stack[-1][1] = True
    substituted = _substituted.get()
    if rendered and substituted is not None:
        substituted.extend(variables)


def _is_suppressed(variables: list[str]) -> bool:
    suppressed = _suppressed.get()
    return bool(suppressed) and bool(variables) and all(variable in suppressed for variable in variables)


class Key(model.Key):
    def sort_keys(self, items, context):
        # Sort on the text alone: the formatting marks of our formatter (output.py) sort after every letter.
        keys = super().sort_keys(items, context)
        return [output.PRIVATE_USE.sub("", str(key)) if isinstance(key, str | list) else key for key in keys]


class Group(model.Group):
    def process(self, item, context=None, **kwargs):
        token = _groups.set([]) if _groups.get() is None else None  # outside an entry (e.g. a sort key)
        stack = _groups.get()
        frame = [False, False]
        stack.append(frame)
        outputs = []
        delimiter = self.get("delimiter", "")
        try:
            for child in self.iterchildren():
                try:
                    if isinstance(child, model.Choose):
                        text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text is not None:
                    outputs.append(text)
        finally:
            stack.pop()
            if token is not None:
                _groups.reset(token)
        attempted, succeeded = frame
        # citeproc-js: a group renders if a variable in it rendered, or if it tried none (terms and values only).
        if outputs and (succeeded or not attempted):
            if stack:
                stack[-1][1] = True
            return self.join(outputs)
        if stack:
            stack[-1][0] = attempted
        raise VariableError


class _PageRanges:
    """Page ranges shortened as citeproc-js shortens them (citeproc-py printed "1-13" as "1–3" in "minimal")."""

    def _format_last_page(self, first, last):
        if not (first.isdigit() and last.isdigit()):
            return super()._format_last_page(first, last)
        original = last
        if len(last) < len(first):  # "321-8" means 321-328
            last = first[: len(first) - len(last)] + last
        begin, end = int(first), int(last)
        range_format = self.get_root().get_option("page-range-format")
        if range_format is None:
            return original  # without page-range-format citeproc-js prints the range as given
        if begin >= end:
            return last
        if range_format in ("minimal", "minimal-two"):
            keep = 2 if range_format == "minimal-two" else 0
            if len(first) == len(last):
                common = 0
                while common < len(first) and first[common] == last[common] and len(last) - common > keep:
                    common += 1
                return last[common:]
            return last
        if range_format in ("chicago", "chicago-15"):
            if begin > 100 and begin % 100 and begin // 100 == end // 100:
                return str(end % 100)
            return str(end % 1000) if begin >= 10000 else last
        if range_format == "chicago-16" and begin > 100 and begin % 100:
            for power in range(2, len(last)):
                if begin // 10**power == end // 10**power:
                    return str(end % 10**power)
        return last


_QUOTED_WORD = re.compile(r"(?:(?<=\s)|^)([\"'“‘(\[]+)([a-z][\w’'-]*)")


def _capitalise_quoted(match) -> str:
    opening, word = match.group(1), match.group(2)
    if word.lower() in model.Text._stop_words:
        return match.group()
    return opening + word[0].upper() + word[1:]


class Text(_PageRanges, model.Text):
    def render(self, item, *args, **kwargs):
        variable = self.get("variable")
        if variable is None or variable in self.generated_variables:
            return super().render(item, *args, **kwargs)
        try:
            if _is_suppressed([variable]):
                raise VariableError
            text = super().render(item, *args, **kwargs)
        except VariableError:
            _note_variable(False)
            raise
        _note_variable(bool(text), (variable,))
        return text

    def case(self, text, language=None):
        cased = self._case(text, language)
        if self.get("text-case") != "title" or language != "en" or cased is None:
            return cased
        # A word that opens with a quotation mark or bracket was left lower case by citeproc-py and citeproc-js
        # (“Care and ‘kinship’ in the City”); the Chicago Manual (8.159) title-cases it, as pandoc's citeproc.
        fixed = _QUOTED_WORD.sub(_capitalise_quoted, str(cased))
        return model.String(fixed) if fixed != str(cased) else cased

    def _case(self, text, language=None):
        # Words that start with formatting from the data ("<b>friends</b>") were skipped by title case, which
        # saw a mark rather than a lower-case letter: case the text without its marks, then put them back.
        plain = str(text) if text is not None else ""
        if not output.PRIVATE_USE.search(plain) or self.get("text-case") is None:
            return super().case(text, language)
        marks = [(match.start(), match.group()) for match in output.PRIVATE_USE.finditer(plain)]
        cased = str(super().case(model.String(output.PRIVATE_USE.sub("", plain)), language))
        if len(cased) != len(plain) - len(marks):
            return super().case(text, language)
        for index, char in marks:
            cased = cased[:index] + char + cased[index:]
        return model.String(cased)

    def quote(self, string):
        if self.get("quotes", "false").lower() != "true":
            return string
        open_quote, close_quote = self.get_single_term("open-quote"), self.get_single_term("close-quote")
        inner_open, inner_close = self.get_single_term("open-inner-quote"), self.get_single_term("close-inner-quote")
        text = output.alternate_quotes(str(string), (open_quote, close_quote), (inner_open, inner_close))
        return model.String(open_quote + text + close_quote + output.QUOTE_END)


class _TrackedVariable:
    """Names, Date and Number always call a variable: note whether it rendered, for the enclosing group."""

    def render(self, item, *args, **kwargs):
        variables = self.get("variable", "").split()
        try:
            if _is_suppressed(variables):
                raise VariableError
            text = super().render(item, *args, **kwargs)
        except VariableError:
            _note_variable(False)
            raise
        _note_variable(bool(text), tuple(variables))
        return text


class Names(_TrackedVariable, model.Names):
    def process(self, item, names_context=None, context=None, **kwargs):
        target = names_context if names_context is not None else self
        if target.name is None:
            # citeproc-py would insert its own Name class here, bypassing ours.
            target.insert(0, target.makeelement(f"{{{CSL_NS}}}name"))
        return super().process(item, names_context=names_context, context=context, **kwargs)


class Substitute(model.Substitute):
    def render(self, item, context=None, **kwargs):
        """The first child that renders; the variables it used are then suppressed in the rest of the entry
        (citeproc-py only suppressed a direct child's own variable, so a title put in place of a missing
        author by a macro was printed twice)."""
        for child in self.getchildren():
            token = _substituted.set([])
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                used = _substituted.get()
                _substituted.reset(token)
            if text:
                outer, suppressed = _substituted.get(), _suppressed.get()
                if outer is not None:
                    outer.extend(used)
                if suppressed is not None:
                    suppressed.update(used)
                return text
        return None


class Date(_TrackedVariable, model.Date):
    def render_single_date(self, date, show_parts=None, context=None):
        if not self.is_locale_date():
            return super().render_single_date(date, show_parts, context)
        # A localized date's parts are joined with the locale's delimiter ("2024 Mar 15" in NLM's "cited"
        # date); citeproc-py used the delimiter of the style's cs:date, which has none.
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None


class Date_Part(model.Date_Part):  # named after the CSL element, as citeproc-py names its classes
    def render(self, *args, **kwargs):
        # citeproc-py copies a style's date-part overrides into the locale's date-part for good, so they
        # leaked into every later date of that form; keep them for this rendering only.
        saved = dict(self.attrib)
        try:
            return super().render(*args, **kwargs)
        finally:
            self.attrib.clear()
            self.attrib.update(saved)


class Number(_TrackedVariable, _PageRanges, model.Number):
    def format_number(self, number):
        if self.get("form", "numeric") != "ordinal" or not str(number).isdigit():
            return super().format_number(number)
        # The first locale with ordinal terms decides, even when its suffix is empty (zh-CN: "2 版", where
        # citeproc-py fell back to en-US, "2nd 版").
        number = int(number)
        names = (f"ordinal-{number:02}", f"ordinal-{number % 10:02}", "ordinal") if number < 100 else ("ordinal",)
        for locale in self.get_root().locales:
            for name in names:
                try:
                    return f"{number}{locale.get_term(name).single}"
                except IndexError:
                    continue
        return str(number)


class Label(model.Label):
    def render(self, item, *args, **kwargs):
        # citeproc-py cased labels without the item's language, so text-case="title" never applied ("ed.").
        text = self.process(item, *args, **kwargs)
        if not text:
            return None
        language = str(item.reference.get("language") or self.get_root().get("default-locale", "en"))[:2]
        return self.wrap(self.format(self.case(self.strip_periods(text), language)))

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable if variable is not None else self.get("variable")
        if name and name != "locator" and self.get("variable") and name.replace("-", "_") not in item.reference:
            raise VariableError
        return super().process(item, variable, plural, context, **kwargs)


class Name(model.Name):
    def initialize(self, given, mark, context):
        if self._initialize(context):
            return super().initialize(given, mark, context)
        # initialize="false": given names stay whole; only initials already in the data get the mark ("K.").
        words = [f"{word[0]}{mark.rstrip()}" if len(word.rstrip(".")) == 1 else word for word in given.split()]
        return " ".join(words)

    def _initialize(self, context) -> bool:
        value = self.get("initialize")
        if value is None:
            ancestors = (context if context is not None else self).xpath_search(
                "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
            )
            for element in (*ancestors, self.get_root()):
                value = value or element.get("initialize")
        return (value or "true").lower() != "false"


ELEMENTS = (Key, Group, Text, Names, Substitute, Date, Date_Part, Number, Label, Name)


def entry_scope():
    """Fresh tracking state for rendering one bibliography entry; pass the result to end_entry_scope()."""
    return _groups.set([]), _suppressed.set(set())


def end_entry_scope(tokens) -> None:
    groups, suppressed = tokens
    _groups.reset(groups)
    _suppressed.reset(suppressed)
