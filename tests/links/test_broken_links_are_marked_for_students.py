"""A reference whose link the audit finds malformed (the CNKI links that lost their "&") or broken (check_links
found it failing) is marked "link may be broken" wherever students meet it (the course, library, theme, article
and reference pages), with the other ways to the text (DOI, catalogue searches) beside it. Working links are not
marked."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from literature import audit
from literature.links import attach_link_states
from literature.models import Citation, LinkCheck, LinkKind, Reference
from tests.links.helpers import page

MALFORMED = 31  # one of the six CNKI links that lost their "&" (a thesis in the demo course)
WORKING = 1


def marked(parsed, reference) -> dict:
    """The reference's source and DOI links on the page: {"source": broken?, "doi": broken?}."""
    found = {}
    for link in parsed.links:
        if "source-link" in link["class"] and link["href"] == reference.url:
            found["source"] = "link-broken" in link["class"]
        if "doi-link" in link["class"] and reference.doi and link["href"] == reference.doi_url():
            found.setdefault("doi", "link-broken" in link["class"])
    return found


@pytest.mark.parametrize(
    "url",
    ["/", "/references/?page=2", "/references/MALFORMED/", "/themes/THEME/", "/courses/urban-left-behind-children/"],
)
def test_a_malformed_link_is_marked_and_a_working_one_is_not(client, seeded, url):
    call_command("load_demo", verbosity=0)
    malformed = Citation.objects.get(number=MALFORMED).reference
    url = url.replace("MALFORMED", malformed.key).replace("THEME", malformed.themes.first().slug)
    response = client.get(url)
    html = response.content.decode()
    parsed = page(client, url)
    assert marked(parsed, malformed)["source"] is True
    assert "(link may be broken)" in html
    # Beside it, the ways that still work: catalogue searches for its title.
    assert any(link["text"] == "Google Scholar" for link in parsed.links)
    working = [
        r
        for r in Reference.objects.exclude(url="").exclude(audit_findings__kind__in=["malformed_url", "broken_link"])
        if marked(parsed, r)
    ]
    if malformed.key not in url:
        assert working, "the list shows working links too"
    assert all(not broken for r in working for broken in marked(parsed, r).values())
    assert html.count("(link may be broken)") == sum(
        broken for r in Reference.objects.all() for broken in marked(parsed, r).values()
    )


def test_a_doi_link_check_found_failing_marks_the_doi_not_the_source(client, seeded):
    reference = Reference.objects.exclude(doi="").exclude(url="").first()
    assert "(link may be broken)" not in client.get(f"/references/{reference.key}/").content.decode()
    LinkCheck.objects.create(
        reference=reference,
        link=LinkKind.DOI,
        url=reference.doi_url(),
        status_code=404,
        checked_at=timezone.now() - datetime.timedelta(hours=1),
    )
    audit.run(Reference.objects.filter(pk=reference.pk))  # as check_links does after its visits
    parsed = page(client, f"/references/{reference.key}/")
    assert marked(parsed, reference) == {"source": False, "doi": True}


def test_a_repaired_check_unmarks_the_link(client, seeded):
    reference = Citation.objects.get(number=WORKING).reference
    check = LinkCheck.objects.create(
        reference=reference, link=LinkKind.URL, url=reference.url, status_code=404, checked_at=timezone.now()
    )
    audit.run(Reference.objects.filter(pk=reference.pk))
    assert marked(page(client, "/"), reference)["source"] is True
    check.status_code = 200
    check.save()
    audit.run(Reference.objects.filter(pk=reference.pk))
    assert marked(page(client, "/"), reference)["source"] is False


def test_link_states_of_references_read_without_annotations_cost_one_query(seeded, django_assert_num_queries):
    references = list(Reference.objects.all())
    with django_assert_num_queries(1):
        attach_link_states(references)
    broken = {r.first_number for r in references if r.link_state.url_broken}
    assert broken == {13, 21, 31, 32, 36, 50}
    annotated = list(Reference.objects.with_link_state())
    with django_assert_num_queries(0):
        attach_link_states(annotated)
    assert {r.first_number for r in annotated if r.link_state} == broken
