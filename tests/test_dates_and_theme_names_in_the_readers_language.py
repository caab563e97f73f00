"""Chinese pages write dates the Chinese way (2027年3月1日, 发表于 2024年5月26日, not "1 三月 2027") and call the
themes by their Chinese names, in tags, filters and on the home page; English pages keep the English ones."""

from courses.models import Course


def _chinese(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def test_a_units_date_in_chinese_and_in_english(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED)
    assert "March 1, 2027 ·" in client.get("/courses/live/").content.decode()
    page = _chinese(client).get("/courses/live/").content.decode()
    assert "2027年3月1日 ·" in page and "三月" not in page


def test_the_articles_date_in_chinese_and_in_english(client, seeded):
    assert "published May 26, 2024" in client.get("/").content.decode()
    page = _chinese(client).get("/").content.decode()
    assert "发表于 2024年5月26日" in page and "五月" not in page


def test_theme_names_on_the_home_page(client, seeded):
    assert ">Family, parenting and grandparenting</a>" in client.get("/").content.decode()
    page = _chinese(client).get("/").content.decode()
    assert ">家庭、亲子与隔代抚养</a>" in page and ">Family, parenting and grandparenting<" not in page


def test_theme_names_in_the_librarys_filter_and_tags(client, seeded):
    page = _chinese(client).get("/references/").content.decode()
    assert '<option value="family-parenting">家庭、亲子与隔代抚养</option>' in page
    assert 'class="tag" href="/themes/psychology-mental-health/">心理与心理健康</a>' in page
    assert "Psychology and mental health" not in page


def test_a_theme_page_is_titled_in_the_readers_language(client, seeded):
    english = client.get("/themes/family-parenting/").content.decode()
    assert '<h1>Family, parenting and grandparenting <span lang="zh-Hans">家庭、亲子与隔代抚养</span></h1>' in english
    page = _chinese(client).get("/themes/family-parenting/").content.decode()
    assert '<h1>家庭、亲子与隔代抚养 <span lang="en">Family, parenting and grandparenting</span></h1>' in page
