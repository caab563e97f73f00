"""Audit findings and link checks in the admin: for superusers and instructors to read, never to edit."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from literature.models import AuditFinding, Citation, LinkCheck, Reference

FINDINGS = "/admin/literature/auditfinding/"
LINK_CHECKS = "/admin/literature/linkcheck/"


def audit():
    call_command("audit_references", stdout=io.StringIO())


def record_link_checks():
    """A link check per reference, as check_links would leave them (without visiting anything)."""
    LinkCheck.objects.all().delete()
    LinkCheck.objects.bulk_create(
        LinkCheck(reference=reference, link="url", url=reference.url, status_code=404, checked_at=timezone.now())
        for reference in Reference.objects.exclude(url="")
    )


@pytest.fixture
def audited(seeded):
    audit()
    return seeded


def reference_page(article, number):
    reference = Citation.objects.get(article=article, number=number).reference
    return f"/admin/literature/reference/{reference.pk}/change/"


@pytest.mark.parametrize("persona", ["superuser", "instructor"])
def test_superusers_and_instructors_read_the_findings(audited, client_for, persona, request):
    page = client_for(request.getfixturevalue(persona)).get(FINDINGS).content.decode()
    assert "13 audit findings" in page
    assert "Year in DOI disagrees" in page
    assert "carries the year 2025, but the reference gives 2024" in page
    assert "The interaction between interpersonal sensitivity and problem behavior" in page


def test_students_and_visitors_are_sent_to_the_login_page(audited, client, client_for, student):
    for url in (FINDINGS, LINK_CHECKS):
        assert client.get(url)["Location"].startswith("/admin/login/")
        assert client_for(student).get(url)["Location"].startswith("/admin/login/")
        client.logout()


def test_findings_filter_by_kind_and_by_severity(audited, client_for, superuser):
    client = client_for(superuser)
    malformed = client.get(FINDINGS, {"kind__exact": "malformed_url"}).content.decode()
    assert "6 results" in malformed
    assert "Case Work on Adolescent Internet Addiction" in malformed
    assert "Social Work Intervention in the Construction of Social Support Networks" not in malformed
    info = client.get(FINDINGS, {"severity__exact": "info"}).content.decode()
    assert "2 results" in info
    assert "Flagged by the importer" in info


def test_findings_are_found_by_the_references_title(audited, client_for, instructor):
    page = client_for(instructor).get(FINDINGS, {"q": "Practical Report on the Translation"}).content.decode()
    assert "1 result" in page
    assert "Inconsistent type" in page


def test_a_references_page_shows_its_findings_read_only(audited, client_for, instructor):
    page = client_for(instructor).get(reference_page(audited, 33)).content.decode()
    assert "audit findings (refreshed by manage.py audit_references)" in page.lower()
    assert "“Yang”, has only a family name" in page
    assert 'name="audit_findings-0-message"' not in page  # shown as text, not in a field
    assert 'id="audit_findings-empty"' not in page  # no row to add one


def test_a_references_page_shows_its_link_checks(audited, client_for, superuser):
    record_link_checks()
    page = client_for(superuser).get(reference_page(audited, 2)).content.decode()
    assert "404 Not Found" in page
    assert "P020230419425666818737.pdf" in page


def test_the_reference_form_still_saves_with_the_findings_below_it(audited, client_for, superuser):
    url = reference_page(audited, 39)
    client = client_for(superuser)
    context = client.get(url).context
    form = context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["themes"] = [str(pk) for pk in form["themes"].value()]
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
        for row in inline.formset.forms:
            data |= {row.add_prefix(name): row[name].value() or "" for name in row.fields}
    data["url"] = "https://d.wanfangdata.com.cn/thesis/Y0000001"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Reference.objects.get(key="wang2024social").url.endswith("Y0000001")


def test_nobody_adds_changes_or_deletes_findings_by_hand(audited, client_for, superuser):
    client = client_for(superuser)
    finding = AuditFinding.objects.first()
    assert client.get(f"{FINDINGS}add/").status_code == 403
    assert client.post(f"{FINDINGS}{finding.pk}/change/", {"message": "fixed"}).status_code == 403
    assert client.post(f"{FINDINGS}{finding.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get(f"{FINDINGS}{finding.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert AuditFinding.objects.filter(pk=finding.pk, message=finding.message).exists()


def test_instructors_read_link_checks_and_filter_the_broken_ones(audited, client_for, instructor):
    record_link_checks()
    page = client_for(instructor).get(LINK_CHECKS, {"broken": "yes"}).content.decode()
    assert "404 Not Found" in page
    assert "stats.gov.cn" in page


@pytest.mark.parametrize(
    "url",
    [FINDINGS, f"{FINDINGS}?kind__exact=missing_identifier", f"{FINDINGS}?q=study", LINK_CHECKS],
)
def test_the_lists_run_the_same_number_of_queries_for_51_and_551_references(
    audited, client_for, superuser, make_cited_references, url
):
    client = client_for(superuser)
    record_link_checks()
    audit()
    client.get(url)  # the first request of a session fills caches (content types, site)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_cited_references(audited, 500)
    Reference.objects.filter(key__startswith="synthetic-").update(url="https://example.org/gone")
    record_link_checks()
    audit()
    assert AuditFinding.objects.count() > 500
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def test_a_new_reference_form_has_no_findings_section(audited, client_for, instructor):
    page = client_for(instructor).get("/admin/literature/reference/add/").content.decode()
    assert "refreshed by manage.py audit_references" not in page
    assert "refreshed by manage.py check_links" not in page
    assert 'name="authors-TOTAL_FORMS"' in page
