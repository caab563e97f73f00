"""Instructors add references and edit their own; the article's references are read-only for them."""

from courses.models import Course, ReadingItem, Unit
from literature.models import Citation, Reference
from tests.courses.conftest import admin_form_data


def new_reference_form(client):
    form = admin_form_data(client.get("/admin/literature/reference/add/"))
    form.update(
        {
            "type": "article-journal",
            "title": "Migrant parents and city schools",
            "year": "2021",
            "container_title": "Chin J Sociol",
            "authors-TOTAL_FORMS": "1",
            "authors-0-position": "1",
            "authors-0-family": "Zhou",
            "authors-0-given": "P",
        }
    )
    return form


def test_an_instructor_adds_a_reference_and_gets_a_readable_key(client_for, instructor, seeded):
    client = client_for(instructor)
    response = client.post("/admin/literature/reference/add/", new_reference_form(client))
    assert response.status_code == 302, response.content.decode()
    reference = Reference.objects.get(title="Migrant parents and city schools")
    assert reference.added_by == instructor
    assert reference.key == "zhou2021migrant"
    assert reference.first_author_key == "zhou"


def test_an_instructor_edits_a_reference_they_added(client_for, instructor, seeded):
    client = client_for(instructor)
    client.post("/admin/literature/reference/add/", new_reference_form(client))
    reference = Reference.objects.get(title="Migrant parents and city schools")
    form = admin_form_data(client.get(f"/admin/literature/reference/{reference.pk}/change/"))
    form["pages"] = "10-20"
    assert client.post(f"/admin/literature/reference/{reference.pk}/change/", form).status_code == 302
    assert Reference.objects.get(pk=reference.pk).pages == "10-20"


def test_the_articles_references_are_read_only_for_instructors(client_for, instructor, superuser, seeded):
    cited = Citation.objects.get(article=seeded, number=1).reference
    page = client_for(superuser).get(f"/admin/literature/reference/{cited.pk}/change/")
    form = admin_form_data(page)
    form["title"] = "Changed by an instructor"
    client = client_for(instructor)
    view = client.get(f"/admin/literature/reference/{cited.pk}/change/").content.decode()
    assert "Save" not in view and "An Analysis of Emotions" in view
    assert client.post(f"/admin/literature/reference/{cited.pk}/change/", form).status_code == 403
    assert client.post(f"/admin/literature/reference/{cited.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Reference.objects.get(pk=cited.pk).title.startswith("An Analysis of Emotions")


def test_another_instructors_reference_is_read_only(client_for, instructor, other_instructor, make_course):
    client = client_for(other_instructor)
    client.post("/admin/literature/reference/add/", new_reference_form(client))
    reference = Reference.objects.get(title="Migrant parents and city schools")
    form = admin_form_data(client.get(f"/admin/literature/reference/{reference.pk}/change/"))
    form["title"] = "Taken over"
    # While no published course assigns it, it is Bo's private reference: for Ada it does not exist.
    response = client_for(instructor).post(f"/admin/literature/reference/{reference.pk}/change/", form)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    make_course(other_instructor, slug="bo-live", status=Course.Status.PUBLISHED, units=((1,),))
    ReadingItem.objects.create(unit=Unit.objects.get(course__slug="bo-live"), reference=reference, position=2)
    assert client_for(instructor).post(f"/admin/literature/reference/{reference.pk}/change/", form).status_code == 403
    assert Reference.objects.get(pk=reference.pk).title == "Migrant parents and city schools"


def test_a_superuser_may_correct_a_cited_reference(client_for, superuser, seeded):
    cited = Citation.objects.get(article=seeded, number=33).reference
    client = client_for(superuser)
    form = admin_form_data(client.get(f"/admin/literature/reference/{cited.pk}/change/"))
    form["authors-1-given"] = "L"
    assert client.post(f"/admin/literature/reference/{cited.pk}/change/", form).status_code == 302
    assert [a.given for a in Reference.objects.get(pk=cited.pk).authors.all()] == ["Y", "L"]


def test_deleting_a_reference_used_in_a_course_is_refused_with_a_message(client_for, instructor, make_course):
    client = client_for(instructor)
    client.post("/admin/literature/reference/add/", new_reference_form(client))
    reference = Reference.objects.get(title="Migrant parents and city schools")
    course = make_course(instructor)
    course.units.first().items.create(reference=reference, position=9)
    response = client.post(f"/admin/literature/reference/{reference.pk}/delete/", {"post": "yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in page
    assert Reference.objects.filter(pk=reference.pk).exists()
