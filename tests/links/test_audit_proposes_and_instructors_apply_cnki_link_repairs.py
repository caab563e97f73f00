"""The six CNKI links of the article's list that lost their "&" separators ("…=uniplatform=NZKPTlanguage=CHS")
get a proposed repair from the audit, exactly the address with the separators put back. Instructors apply
proposed repairs from the admin's list of audit findings, one or many at once: the links change, the printed
citation stays as printed, each change is recorded (LinkRepair: before, after, who, when), the findings go, and
every page that shows the reference is built again with the repaired link."""

import pytest

from literature.links import repaired_url
from literature.models import AuditFinding, Citation, FindingKind, LinkRepair, Reference

# The article's reference number -> the printed address with its two lost "&" put back where the intact CNKI links
# of the same list have them ("…=&uniplatform=NZKPT&language=CHS").
REPAIRED = {
    13: "https://kns.cnki.net/kcms2/article/abstract?v=wcPNn8Zia7O0y2dqHSC6EuEBsY9tNBYRRB1jhlfWA7FmfGJxnLhqluCWYJTS49dhacjQ8BFQ8Y48i_l1a-LIMm9BWabk5ckzus6CWPTYDITnTCwxso8N1teZdSGIgC8WmTzTVhIhWndZUEKoMb0ag=&uniplatform=NZKPT&language=CHS",
    21: "https://kns.cnki.net/kcms2/article/abstract?v=KPcMkpFoYBBCuWcN9F5g6cXxPekUlD-2E1L-yhQ_YJkzAEd9Y1HLnpfd4pwQ0z4AJWidALDJoONX0hcVx624UyWVMdjfPmKn6_WVKH2ZGU583g4-EzejDFXzKfTBGL1UrtJ57JUvarn5M38ATkETA==&uniplatform=NZKPT&language=CHS",
    31: "https://kns.cnki.net/kcms2/article/abstract?v=KPcMkpFoYBDLsNFfyE_JCs5wxg7eU_dC5mJIPaaqGgMS-WkKweXl40ty8hBKx1-Rn3NdPtBjlcDNvorbnxb0Yo4QWhOCWpCEscBVoUUEdKlEL7s4pE8SetzpJoArbzNvX-F0yR8oK6N31TjiEprJnQ=&uniplatform=NZKPT&language=CHS",
    32: "https://kns.cnki.net/kcms2/article/abstract?v=v5HVlYuqh9pGhhD_qMF4J_61CPxy_IxiKs4NSW7qbC8Qlbbgn3qFi9bZNWzwsTZN5rGTH4Wd5D5ZsF8_VleLGh_OnNuwHZfV4x053MneBDi4n8Tp5JW8LBHRsCD1i0-XFzGnn7wAYml975YXr89IlQ==&uniplatform=NZKPT&language=CHS",
    36: "https://kns.cnki.net/kcms2/article/abstract?v=KPcMkpFoYBDGiz5Dbr6t8VARCRvTovvghZu9JIagk6epe36X2_ZbvG01eA3RGYbV0oV5g0OVbSI_NgX35xB4R8-WXtXS11Up_9uryh7JsmTbXI-t5rvmUSWaF47TVgXE4HHDDvuDuy9-3XQ2wiv0Kw==&uniplatform=NZKPT&language=CHS",
    50: "https://kns.cnki.net/kcms2/article/abstract?v=KPcMkpFoYBD93iyGDOEG9Auu0dsIeARN66RRMJyoAIGwoJ4ciYvRJ20IDig_mMo2CzBAn6rFbBnUuJNvutsqPfAYqdj4yEp8LTnK1gpbnJZX5bBnbUS2Tpb_AKJ8vBem8tM9b_5ZqAB76LHfcNL03g==&uniplatform=NZKPT&language=CHS",
}
CHANGELIST = "/admin/literature/auditfinding/"


def malformed_findings():
    return AuditFinding.objects.filter(kind=FindingKind.MALFORMED_URL).select_related("reference")


def test_the_audit_proposes_the_repaired_address_for_each_of_the_six_seed_links(seeded):
    proposed = {f.reference.first_number: f.proposed_url for f in malformed_findings()}
    assert proposed == REPAIRED
    for number, url in REPAIRED.items():
        reference = Citation.objects.get(number=number).reference
        assert reference.url.replace("=&", "=").replace("&", "") == url.replace("=&", "=").replace("&", "")
        assert "NZKPTlanguage" in reference.url and "NZKPTlanguage" not in url


def test_only_cnki_links_that_lost_separators_are_repaired():
    assert repaired_url("https://kns.cnki.net/kcms2/article/abstract?v=abc=&uniplatform=NZKPT&language=CHS") == ""
    assert repaired_url("https://example.org/a?v=abc=uniplatform=NZKPTlanguage=CHS") == ""
    assert repaired_url("https://kns.cnki.net/kcms2/article/abstract?v=Q==uniplatform=NZKPTlanguage=CHS#top") == (
        "https://kns.cnki.net/kcms2/article/abstract?v=Q==&uniplatform=NZKPT&language=CHS#top"
    )


def apply(client, findings):
    return client.post(
        CHANGELIST,
        {"action": "apply_proposed_repairs", "_selected_action": [f.pk for f in findings]},
        follow=True,
    )


def test_an_instructor_applies_all_six_repairs_at_once(client_for, instructor, seeded):
    printed = {number: Citation.objects.get(number=number).reference.citation_text for number in REPAIRED}
    findings = list(AuditFinding.objects.filter(kind=FindingKind.MALFORMED_URL))
    response = apply(client_for(instructor), findings)
    assert response.status_code == 200
    assert "Repaired 6 link(s)" in response.content.decode()
    for number, url in REPAIRED.items():
        reference = Citation.objects.get(number=number).reference
        assert reference.url == url
        assert reference.citation_text == printed[number]  # the printed citation stays as printed
        [repair] = LinkRepair.objects.filter(reference=reference)
        assert repair.new_url == url and repair.old_url != url and "NZKPTlanguage" in repair.old_url
        assert repair.applied_by == instructor
        assert "lost its “&” separators" in repair.reason
    assert not malformed_findings().exists()


def test_one_repair_applied_shows_on_the_pages_that_show_the_reference(client_for, client, instructor, seeded):
    reference = Citation.objects.get(number=13).reference
    old_url = reference.url
    before = client.get(f"/references/{reference.key}/").content.decode()
    assert "(link may be broken)" in before and old_url.replace("&", "&amp;") in before
    finding = malformed_findings().get(reference=reference)
    apply(client_for(instructor), [finding])
    client.logout()
    after = client.get(f"/references/{reference.key}/").content.decode()
    assert "(link may be broken)" not in after
    assert REPAIRED[13].replace("&", "&amp;") in after
    assert old_url.replace("&", "&amp;") not in after.replace(reference.citation_text.replace("&", "&amp;"), "")
    home = client.get("/").content.decode()
    assert REPAIRED[13].replace("&", "&amp;") in home
    assert LinkRepair.objects.count() == 1 and malformed_findings().count() == 5


def test_a_finding_without_a_proposal_changes_nothing(client_for, superuser, seeded):
    other = AuditFinding.objects.exclude(kind=FindingKind.MALFORMED_URL).first()
    urls = dict(Reference.objects.values_list("pk", "url"))
    response = apply(client_for(superuser), [other])
    assert "None of the selected findings has a repair to apply" in response.content.decode()
    assert dict(Reference.objects.values_list("pk", "url")) == urls
    assert not LinkRepair.objects.exists()


@pytest.mark.parametrize("persona", ["student", "anonymous"])
def test_only_instructors_apply_repairs(client, client_for, student, persona, seeded):
    if persona == "student":
        client_for(student)
    apply(client, list(malformed_findings()))
    assert not LinkRepair.objects.exists()
    assert malformed_findings().count() == 6
