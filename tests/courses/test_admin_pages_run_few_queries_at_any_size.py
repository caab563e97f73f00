"""Every admin page an instructor uses runs at most 10 SQL queries, the same number for a course of 5 readings in a
library of 56 references as for one of 205 readings in a library of 256: the course and unit lists and forms, the
reference and citation lists and forms, the import page and its preview, the syllabus editor and the pickers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Course, ReadingItem, Unit
from literature.models import Citation, ContentVersion, Reference

MAX_ADMIN_QUERIES = 10
IMPORT_LIST = "\n".join(
    f"{n}. Author{n} A, Second B. Study of migrant families number {n}. Chin J Soc 2020;{n}(2):1-9."
    for n in range(1, 6)
)


def pages(course: Course) -> dict[str, str]:
    unit = course.units.order_by("position").first()
    reference = Citation.objects.get(number=5).reference
    citation = Citation.objects.get(number=5)
    picker = "/admin/autocomplete/?app_label=courses&model_name=readingitem&field_name=reference"
    return {
        "course list": "/admin/courses/course/",
        "course add": "/admin/courses/course/add/",
        "course change": f"/admin/courses/course/{course.pk}/change/",
        "unit list": "/admin/courses/unit/",
        "unit list of a course": f"/admin/courses/unit/?course={course.pk}",
        "unit add": "/admin/courses/unit/add/",
        "unit change": f"/admin/courses/unit/{unit.pk}/change/",
        "syllabus editor": f"/admin/courses/course/{course.pk}/syllabus/",
        "syllabus editor search": f"/admin/courses/course/{course.pk}/syllabus/?q=study",
        "reference list": "/admin/literature/reference/",
        "reference search": "/admin/literature/reference/?q=study",
        "reference change": f"/admin/literature/reference/{reference.pk}/change/",
        "reference add": "/admin/literature/reference/add/",
        "citation list": "/admin/literature/citation/",
        "citation change": f"/admin/literature/citation/{citation.pk}/change/",
        "import page": "/admin/literature/reference/import/",
        "reading picker": f"{picker}&term=study",
        "reading picker page 2": f"{picker}&term=&page=2",
        "theme list": "/admin/literature/theme/",
        "audit findings": "/admin/literature/auditfinding/",
    }


@pytest.fixture
def site(make_course, instructor, seeded, make_cited_references):
    course = make_course(instructor, slug="small", units=((1, 2, 3), (4, 5)))
    make_cited_references(seeded, 5)
    ContentVersion.bump()  # the site's version row exists on any site after its first edit

    def grow() -> None:
        make_cited_references(seeded, 200)
        Reference.objects.filter(key__startswith="synthetic-").refresh_search_documents()
        unit = Unit.objects.create(course=course, position=3, title="Many readings")
        references = Reference.objects.filter(key__startswith="synthetic-").order_by("pk")
        ReadingItem.objects.bulk_create(
            ReadingItem(unit=unit, reference=r, position=i) for i, r in enumerate(references, start=1)
        )
        for n in range(40):
            Unit.objects.create(course=course, position=10 + n, title=f"Week {10 + n}")

    return course, grow


def count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def preview(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/admin/literature/reference/import/", {"format": "text", "text": IMPORT_LIST})
    assert b"entries read" in response.content
    return len(captured)


@pytest.mark.parametrize("persona", ["instructor", "superuser"])
def test_every_admin_page_runs_the_same_few_queries_for_5_or_205_readings(client_for, site, request, persona):
    course, grow = site
    user = request.getfixturevalue(persona)
    if persona == "superuser":
        course.instructors.add(user)
    client = client_for(user)
    for url in pages(course).values():
        client.get(url)  # the session, content types and permissions, as on any visit after the first
    small = {name: count(client, url) for name, url in pages(course).items()}
    small["import preview"] = preview(client)
    grow()
    large = {name: count(client, url) for name, url in pages(course).items()}
    large["import preview"] = preview(client)
    changed = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    too_many = {name: n for name, n in large.items() if n > MAX_ADMIN_QUERIES}
    assert not changed and not too_many, f"changed: {changed}; over {MAX_ADMIN_QUERIES}: {too_many}; all: {large}"
