"""Every public page and the instructor's admin pages, rendered in Chinese, show no interface string in English.

What counts as an interface string: every message of the catalogue (locale/zh_Hans/LC_MESSAGES/django.po) whose
Chinese differs from its English, and the names the admin shows for our apps, models and fields. A page fails
when one of its text nodes or labelling attributes is such a message in English (placeholders match the values
they take), or when a Chinese text node carries the English name of one of the instructors' apps, models or fields
("修改 course": the admin's own Chinese around a model name without a translation). Text marked as another
language (lang="en") is content, and so are the English words of titles that the admin quotes in Chinese sentences.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation

from courses.models import Course
from literature.models import Reference

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u9fff]")
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-copied", "data-failed", "data-template"}
BUTTON_VALUES = {"submit", "button", "reset"}
# Placeholders that stand for numbers match only numbers; the others (titles, dates, names) match any text.
NUMERIC = {"count", "counter", "minutes", "pages", "number", "total", "required", "target", "units", "hours", "read"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
TAG = re.compile(r"<[^>]+>")
# The apps whose admin pages instructors use.
INSTRUCTOR_APPS = ("literature", "courses")


def _pattern(text: str) -> re.Pattern:
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[position : match.start()]))
        name = match[1] or match[2]
        parts.append(r"[\d.,]+" if name in NUMERIC else r".+?")
        position = match.end()
    parts.append(re.escape(text[position:]))
    return re.compile("".join(parts))


def _normal(text: str) -> str:
    return " ".join(text.split())


def _english_messages() -> list[str]:
    """The catalogue's messages that read differently in Chinese, each piece between tags on its own."""
    messages = set()
    for entry in polib.pofile(str(CATALOGUE)):
        chinese = entry.msgstr or entry.msgstr_plural.get(0, "")
        for english in filter(None, [entry.msgid, entry.msgid_plural]):
            for piece in TAG.split(english.replace("%%", "%")):
                piece = _normal(piece)
                if re.search(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", piece)) and piece not in _normal(chinese):
                    messages.add(piece)
    return sorted(messages)


def _admin_names() -> set[str]:
    """The English names of our apps, models and fields: what the admin shows around its own Chinese. A name that
    the catalogue deliberately keeps as it is in Chinese (DOI) is left out; one it lacks is not."""
    same = {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if entry.msgstr == entry.msgid}
    names = set()
    with translation.override("en"):
        for config in apps.get_app_configs():
            if config.name not in INSTRUCTOR_APPS:
                continue
            names.add(str(config.verbose_name))
            for model in config.get_models():
                names |= {str(model._meta.verbose_name), str(model._meta.verbose_name_plural)}
                names |= {str(field.verbose_name) for field in model._meta.fields if not field.primary_key}
                names |= {str(field.verbose_name) for field in model._meta.many_to_many}
    return names - same


class _Texts(HTMLParser):
    """Text nodes and labelling attributes outside <script>, <style> and elements in another language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []
        self.attributes: list[str] = []

    def _skipped(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = attrs.get("lang")
        skipped = tag in {"script", "style"} or (language is not None and not language.lower().startswith("zh"))
        if not (skipped or self._skipped()):
            self.attributes += [_normal(value) for name, value in attrs.items() if name in ATTRIBUTES and value]
            if tag == "input" and attrs.get("type") in BUTTON_VALUES and attrs.get("value"):
                self.attributes.append(_normal(attrs["value"]))
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.texts.append(_normal(data))


def untranslated(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    messages = _english_messages()
    whole = [(message, _pattern(message)) for message in messages]
    # A name as a word of its own: not part of a longer word, a hyphenated word or syntax such as theme:family.
    names = [(name, re.compile(rf"(?<![\w:-]){re.escape(name)}(?![\w:-])")) for name in _admin_names()]
    found = []
    for text in parser.texts + parser.attributes:
        found += [f"{message!r} in {text!r}" for message, pattern in whole if pattern.fullmatch(text)]
    for text in parser.texts:
        if CJK.search(text):
            found += [f"{name!r} in {text!r}" for name, pattern in names if pattern.search(text)]
    return found


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, slug="live", status=Course.Status.PUBLISHED)


def _public_pages(course):
    reference = Reference.objects.order_by("first_number").first()
    theme = reference.themes.first()
    return [
        "/",
        "/articles/tian2024left/",
        "/references/",
        "/references/?year_min=abc&q=children",
        f"/references/{reference.key}/",
        f"/themes/{theme.slug}/",
        "/courses/",
        f"/courses/{course.slug}/",
        "/no-such-page/",
    ]


def _admin_pages(course):
    reference = Reference.objects.order_by("first_number").first()
    unit = course.units.first()
    return [
        "/admin/",
        "/admin/courses/",
        "/admin/courses/course/",
        "/admin/courses/course/add/",
        f"/admin/courses/course/{course.pk}/change/",
        f"/admin/courses/course/{course.pk}/syllabus/",
        "/admin/courses/course/from-the-article/",
        f"/admin/courses/unit/{unit.pk}/change/",
        "/admin/literature/",
        "/admin/literature/reference/",
        "/admin/literature/reference/add/",
        f"/admin/literature/reference/{reference.pk}/change/",
        "/admin/literature/reference/import/",
        "/admin/literature/auditfinding/",
        "/admin/literature/theme/",
    ]


def test_public_pages_in_chinese_show_no_english_interface_string(client, seeded, course):
    client.cookies["django_language"] = "zh-hans"
    found = {}
    for url in _public_pages(course):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code in (200, 404) and '<html lang="zh-hans">' in page, url
        found[url] = untranslated(page)
    assert {url: strings for url, strings in found.items() if strings} == {}


def test_the_instructors_admin_pages_in_chinese_show_no_english_interface_string(client_for, instructor, course):
    client = client_for(instructor)
    client.cookies["django_language"] = "zh-hans"
    found = {}
    for url in _admin_pages(course):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200 and 'lang="zh-hans"' in page, url
        found[url] = untranslated(page)
    assert {url: strings for url, strings in found.items() if strings} == {}


def test_the_check_finds_english_left_on_a_chinese_page():
    """The check itself: a message of the catalogue in English, alone or inside Chinese, is found."""
    assert untranslated('<p><button type="button">Copy citation</button></p>') == ["'Copy citation' in 'Copy citation'"]
    assert untranslated("<p>about 15 min of required reading, 55 min in all</p>") != []
    assert untranslated("<h1>修改 course</h1>") == ["'course' in '修改 course'"]
    assert untranslated('<p>复制引文 <span lang="en">Copy citation</span></p>') == []
