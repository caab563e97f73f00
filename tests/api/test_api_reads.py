"""The read API: articles, references with citation numbers, themes, published courses with units and readings."""

import pytest


def test_the_root_lists_every_resource(api, seeded):
    assert set(api.get("/api/v1/").json()) == {"articles", "references", "themes", "courses", "units", "items"}


def test_an_article_with_its_metadata(api, seeded):
    article = api.get("/api/v1/articles/tian-2024-left-behind-children/").json()
    assert (article["doi"], article["keywords"]) == (
        "10.15354/si.24.re1010",
        ["Left-Behind Children", "Urban Areas", "China"],
    )


def test_a_reference_carries_authors_themes_and_its_number_in_the_article(api, seeded):
    reference = api.get("/api/v1/references/zhong2023psychological/").json()
    assert reference["authors"] == [
        {"family": "Zhong", "given": "Y", "literal": "", "original": ""},
        {"family": "Yang", "given": "", "literal": "", "original": ""},
    ]
    assert reference["citations"] == [{"article": "tian-2024-left-behind-children", "number": 33}]
    assert set(reference["themes"]) == {"psychology-mental-health", "peers-social-adaptation"}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"theme": "family-parenting"}, 10),
        ({"type": "book"}, 1),
        ({"year_min": 2023, "year_max": 2023}, 9),
        ({"language": "en"}, 2),
        ({"cited_by": "tian-2024-left-behind-children"}, 51),
        ({"q": "grandparenting"}, 2),
        ({"course": "ada-live"}, 3),
        ({"course": "ada-draft"}, 0),  # a draft's readings are not public
    ],
)
def test_reference_filters(api, courses, query, count):
    assert api.get("/api/v1/references/", query).json()["count"] == count


def test_pagination_is_stable_and_bad_page_sizes_are_refused(api, seeded):
    first = api.get("/api/v1/references/", {"page_size": 20}).json()
    second = api.get("/api/v1/references/", {"page_size": 20, "page": 2}).json()
    keys = [r["key"] for r in first["results"] + second["results"]]
    assert len(set(keys)) == 40 and keys == sorted(keys)
    assert len(api.get("/api/v1/references/", {"page_size": 100}).json()["results"]) == 51
    for size in ("100000", "0", "-1", "ten"):
        response = api.get("/api/v1/references/", {"page_size": size})
        assert response.status_code == 400
        assert response.json() == {"page_size": ["Give a whole number from 1 to 100."]}
    assert api.get("/api/v1/references/", {"page": 99}).status_code == 404


def test_only_published_courses_exist_for_the_public(api, courses):
    assert [c["slug"] for c in api.get("/api/v1/courses/").json()["results"]] == ["ada-live"]
    assert api.get("/api/v1/courses/ada-draft/").status_code == 404
    assert api.get("/api/v1/units/", {"course__slug": "ada-draft"}).json()["count"] == 0


def test_a_course_nests_its_units_and_readings(api, courses):
    course = api.get("/api/v1/courses/ada-live/").json()
    assert [unit["title"] for unit in course["units"]] == ["Week 1", "Week 2"]
    first = course["units"][0]["items"][0]
    assert first["reference"]["key"] == "yang2018analysis" and first["estimated_minutes"] == 10


def test_an_instructor_also_sees_their_drafts_but_not_other_peoples(api_as, instructor, courses):
    slugs = [c["slug"] for c in api_as(instructor).get("/api/v1/courses/").json()["results"]]
    assert sorted(slugs) == ["ada-draft", "ada-live"]
    assert api_as(instructor).get("/api/v1/courses/bo-draft/").status_code == 404


@pytest.mark.parametrize("fmt", ["csljson", "bibtex", "ris"])
def test_reading_lists_and_reference_collections_come_in_bibliography_formats(api, courses, fmt):
    course = api.get("/api/v1/courses/ada-live/", {"format": fmt}).content.decode()
    collection = api.get("/api/v1/references/", {"format": fmt, "theme": "family-parenting"}).content.decode()
    marker = {"csljson": '"id": ', "bibtex": "\n  title = {", "ris": "TY  - "}[fmt]
    assert course.count(marker) == 3 and collection.count(marker) == 10


def test_the_format_is_also_chosen_by_the_accept_header(api, courses):
    response = api.get("/api/v1/courses/ada-live/", HTTP_ACCEPT="application/x-research-info-systems")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response.content.decode().startswith("TY  - JOUR")


def test_an_unknown_format_is_a_400_with_the_known_ones(api, seeded):
    response = api.get("/api/v1/references/", {"format": "docx"})
    assert response.status_code == 400 and "use one of: json, api, csljson, bibtex, ris" in response.json()["detail"]


def test_conditional_get_answers_304_when_nothing_changed(api, courses):
    first = api.get("/api/v1/courses/ada-live/")
    assert first.has_header("ETag")
    again = api.get("/api/v1/courses/ada-live/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    lists = api.get("/api/v1/references/")
    assert api.get("/api/v1/references/", HTTP_IF_NONE_MATCH=lists["ETag"]).status_code == 304


def test_the_openapi_schema_and_local_docs(api, seeded):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert "/api/v1/courses/{slug}/" in paths and "/api/v1/references/{key}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/references/"]["get"]["parameters"]}
    assert {
        "theme",
        "type",
        "year_min",
        "year_max",
        "language",
        "q",
        "cited_by",
        "course",
        "page",
        "page_size",
    } <= parameters
    docs = api.get("/api/docs/", HTTP_ACCEPT="text/html").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs and "cdn" not in docs.lower()


def test_cors_allows_only_configured_lms_origins(api, seeded, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://moodle.example.edu"]
    allowed = api.get("/api/v1/themes/", HTTP_ORIGIN="https://moodle.example.edu")
    assert allowed["Access-Control-Allow-Origin"] == "https://moodle.example.edu"
    assert not api.get("/api/v1/themes/", HTTP_ORIGIN="https://evil.example").has_header("Access-Control-Allow-Origin")
