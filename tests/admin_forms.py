"""Fill in an admin change form the way a browser would: every field with the value the page shows."""

import lxml.html


def form_values(html: str | bytes) -> dict[str, list[str]]:
    """The values a browser would post from the page's main form, by field name (lxml's successful controls)."""
    page = lxml.html.fromstring(html)
    posting = [form for form in page.forms if form.get("method", "").lower() == "post"]
    form = next(form for form in posting if form.get("id") != "logout-form")
    values: dict[str, list[str]] = {}
    for name, value in form.form_values():
        if "__prefix__" not in name:
            values.setdefault(name, []).append(value)
    return values


def post_data(values: dict[str, list[str]], **changes) -> dict:
    """Form values as the test client posts them, with some fields changed: post_data(values, title="New")."""
    data = {name: (items if len(items) != 1 else items[0]) for name, items in values.items()}
    data.update(changes)
    return data
