"""The rows of the import preview's table, written in Python rather than in the template.

A list may hold 10,000 entries: through the template language each row cost about a millisecond (some forty
variable look-ups, filters and translation tags), a third of the preview's time. Here the interface strings are
translated once per page and each row is a few string joins. The markup is the one the template wrote.
"""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext


def preview_table(rows: list[dict]) -> SafeString:
    """The <tr> elements of the preview table, one per row of admin_import._preview_rows."""
    words = {
        "import": escape(gettext("Import")),
        "skip": escape(gettext("Skip")),
        "import_entry": gettext("Import entry %(number)s"),
        "skip_entry": gettext("Skip entry %(number)s"),
        "already": gettext('<strong>Already in the library</strong> as <a href="%(existing_url)s">%(key)s</a>.'),
        "twin": gettext("<strong>Same work as entry %(twin)s</strong> in this list."),
        "unread": (
            f'<strong class="unparsed">{escape(gettext("Could not be read: not imported unless ticked."))}</strong> '
            + escape(gettext("Tick “Import” to import it as printed, then correct it in the admin."))
        ),
    }
    return mark_safe("".join(_row(row, words) for row in rows))


def _row(row: dict, words: dict) -> str:
    record, index, counter = row["record"], row["index"], row["index"] + 1
    if row["status"] != "new":
        choice = "—"
    elif row["unparsed"]:
        label = escape(words["import_entry"] % {"number": counter})
        choice = (
            f'<label><input type="checkbox" name="include" value="{index}" aria-label="{label}"> '
            f"{words['import']}</label>"
        )
    else:
        label = escape(words["skip_entry"] % {"number": counter})
        choice = (
            f'<label><input type="checkbox" name="skip" value="{index}" aria-label="{label}"> {words["skip"]}</label>'
        )
    kind = escape(row["type_label"]) + (f" ({escape(record.genre)})" if record.genre else "")
    source = escape(record.container_title)
    source += f" {escape(record.volume)}" if record.volume else ""
    source += f"({escape(record.issue)})" if record.issue else ""
    source += f":{escape(record.pages)}" if record.pages else ""
    if record.publisher:
        place = f"{escape(record.publisher_place)}: " if record.publisher_place else ""
        source += f" {place}{escape(record.publisher)}"
    link = escape(record.doi)
    if record.url:
        url = record.url if len(record.url) <= 60 else Truncator(record.url).chars(60)
        link += f'<br><span class="url">{escape(url)}</span>'
    notes = []
    if row["status"] == "duplicate":
        existing = row["existing"]
        href = escape(reverse("admin:literature_reference_change", args=[existing.pk]))
        notes.append(words["already"] % {"existing_url": href, "key": escape(existing.key)})
    if row["status"] == "repeat":
        notes.append(words["twin"] % {"twin": row["twin"]})
    if row["unparsed"]:
        notes.append(words["unread"])
    notes += [f'<div class="warning">⚠ {escape(warning)}</div>' for warning in record.warnings]
    cells = (
        choice,
        str(record.number or counter),
        kind,
        escape(row["authors"]),
        escape(record.title),
        source,
        str(record.year) if record.year else "",
        link,
        "\n".join(notes),
    )
    return f'<tr class="status-{row["status"]}">' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>\n"
