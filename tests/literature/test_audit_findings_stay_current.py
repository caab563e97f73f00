"""Audit findings follow the references without anyone running a command: set-up fills them, an import audits
what it wrote (and its duplicates), deleting a reference clears what it caused."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory

from literature import audit
from literature.formats.record import Name, ReferenceRecord
from literature.models import AuditFinding, FindingKind, Reference
from literature.services import references_import


def duplicate_findings(reference):
    return list(AuditFinding.objects.filter(reference=reference, kind=FindingKind.DUPLICATE))


def test_set_up_leaves_the_findings_filled(seeded):
    assert AuditFinding.objects.count() > 0
    assert AuditFinding.objects.values("reference").distinct().count() > 5


def test_an_import_audits_what_it_wrote(seeded):
    [outcome] = references_import(
        records=[ReferenceRecord(type="article-journal", title="Without any identifier", year=2021,
                                 authors=[Name(family="New", given="A")], doi="10.1234 /with space")]
    )  # fmt: skip
    kinds = set(AuditFinding.objects.filter(reference=outcome.reference).values_list("kind", flat=True))
    assert FindingKind.DOI_SYNTAX in kinds


def test_load_seed_on_a_site_set_up_without_findings_fills_them(seeded):
    expected = AuditFinding.objects.count()
    AuditFinding.objects.all().delete()  # as on a site set up before imports audited
    call_command("load_seed", verbosity=0)
    assert AuditFinding.objects.count() == expected


@pytest.fixture
def duplicate_of_a_seed_reference(seeded):
    """A reference an instructor added by hand with the DOI of one of the article's references."""
    original = Reference.objects.exclude(doi="").order_by("pk").first()
    copy = Reference.objects.create(key="copy-2023", type="report", title="A copy", year=2023, doi=original.doi)
    audit.refresh([copy.pk])  # what the admin's save does once the authors are saved
    return original, copy


def test_auditing_a_changed_reference_also_audits_the_one_it_duplicates(duplicate_of_a_seed_reference):
    original, copy = duplicate_of_a_seed_reference
    assert duplicate_findings(copy) and duplicate_findings(original)


def test_deleting_a_duplicate_in_the_admin_clears_the_other_ones_finding(duplicate_of_a_seed_reference, superuser):
    original, copy = duplicate_of_a_seed_reference
    assert duplicate_findings(original)
    request = RequestFactory().post("/admin/")
    request.user = superuser
    admin.site._registry[Reference].delete_model(request, copy)
    assert duplicate_findings(original) == []


def test_an_instructor_deletes_a_reference_they_added_findings_and_all(client_for, instructor, seeded):
    from tests.courses.test_reference_permissions import new_reference_form

    client = client_for(instructor)
    client.post("/admin/literature/reference/add/", new_reference_form(client))
    reference = Reference.objects.get(title="Migrant parents and city schools")
    assert reference.audit_findings.exists()  # the admin's save audited it
    response = client.post(f"/admin/literature/reference/{reference.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Reference.objects.filter(pk=reference.pk).exists()
