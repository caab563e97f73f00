"""?page=0 or a negative page gives the first page, not the last (Django's Paginator.get_page would), on every
paged page: the library, a theme and the syllabus editor's search results."""

import pytest

from literature.models import Reference


@pytest.mark.parametrize("page", ["0", "-1", "-99"])
def test_the_library(client, seeded, page):
    html = client.get(f"/references/?page={page}").content.decode()
    assert "51 references · page 1 of 3" in html and '<span class="number">[1]</span>' in html


def _listed(html: str) -> str:
    return html[html.index('<ol class="references">') : html.index("</ol>")]


@pytest.mark.parametrize("page", ["0", "-1"])
def test_a_theme(client, seeded, make_cited_references, page):
    make_cited_references(seeded, 30)  # in the themes of the first reference: more than one page of them
    theme = Reference.objects.order_by("pk").first().themes.first()
    first, second = (client.get(f"/themes/{theme.slug}/?page={n}").content.decode() for n in (1, 2))
    asked = client.get(f"/themes/{theme.slug}/?page={page}").content.decode()
    assert _listed(asked) == _listed(first) != _listed(second)


@pytest.mark.parametrize("page", ["0", "-1"])
def test_the_syllabus_editors_results(client_for, make_course, instructor, page):
    course = make_course(instructor)
    html = client_for(instructor).get(f"/admin/courses/course/{course.pk}/syllabus/?page={page}").content.decode()
    assert "51 references, page 1 of 5" in html
