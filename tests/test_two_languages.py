"""The interface speaks English and Simplified Chinese: the browser's preference first, then the reader's choice."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_english_is_the_default(client, seeded):
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and ">Library</a>" in page


def test_a_browser_that_prefers_chinese_gets_chinese(client, seeded):
    page = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.5"}).content.decode()
    assert '<html lang="zh-hans">' in page
    assert ">文献库</a>" in page and ">课程</a>" in page and ">摘要<" in page


def test_the_language_switcher_remembers_the_choice(client, seeded):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/references/"})
    assert response.status_code == 302 and response["Location"] == "/references/"
    page = client.get("/references/").content.decode()
    assert "<h1>文献库</h1>" in page and "51 条文献 · 第 1 页，共 3 页" in page
    assert '<option value="" selected>全部主题</option>' in page


@pytest.mark.parametrize(
    ("url", "chinese", "english"),
    [
        ("/", ">引用本文<", ">How to cite<"),
        ("/references/", ">起始年份:<", ">From year:<"),
        ("/references/mao2023analysis/", ">授予单位<", ">Institution<"),
        ("/themes/family-parenting/", ">在文献库中按此主题筛选<", ">Filter the library by this theme<"),
        ("/courses/", "<h1>课程</h1>", "<h1>Courses</h1>"),
    ],
)
def test_every_public_page_renders_in_chinese(client, seeded, url, chinese, english):
    """Each page's own words, not only the menu that base.html shares, are shown in Chinese."""
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and '<html lang="zh-hans">' in page
    assert chinese in page
    assert english not in page


def test_the_course_page_in_chinese(client, seeded, make_course, instructor):
    make_course(instructor, slug="live", status="published")
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    page = client.get("/courses/live/").content.decode()
    assert "阅读约 15 分钟" in page and "必读" in page and "你的阅读进度（只保存在本浏览器中）" in page


def test_every_message_is_translated_and_the_compiled_catalogue_is_up_to_date():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.percent_translated() == 100 and not po.fuzzy_entries()
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in po:
        if entry.msgid_plural:
            assert catalogue.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            assert catalogue.gettext(entry.msgid) == entry.msgstr, entry.msgid
