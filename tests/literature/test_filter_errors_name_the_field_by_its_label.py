"""A filter the library ignores is named as the form names it ("From year"), not by its parameter (year_min)."""


def test_the_error_uses_the_fields_label(client, seeded):
    page = client.get("/references/?year_min=abc&year_max=x1").content.decode()
    assert "<li>From year: Enter a whole number.</li>" in page
    assert "<li>To year: Enter a whole number.</li>" in page
    assert "year_min:" not in page and "year_max:" not in page


def test_in_chinese(client, seeded):
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/references/?year_min=abc").content.decode()
    assert "<li>起始年份: 输入整数。</li>" in page
