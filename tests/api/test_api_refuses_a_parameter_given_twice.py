"""Every query parameter of the API takes one value (as its schema says): given twice, a read is a 400 naming the
parameter, not an answer to one of the two questions. Schemathesis found `?year_max=true&year_max=-4…` answered 200."""

import pytest


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/references/?year_max=true&year_max=2000",
        "/api/v1/references/?q=family&q=school",
        "/api/v1/courses/?status=published&status=draft",
        "/api/v1/references/yang2018analysis/?format=json&format=ris",
    ],
)
def test_a_parameter_given_twice_is_a_400_that_names_it(api, seeded, query):
    response = api.get(query)
    assert response.status_code == 400, response.content
    name = query.split("?")[1].split("=")[0]
    assert response.json() == {name: ["Give this parameter once."]}


def test_each_parameter_once_is_answered(api, seeded):
    assert api.get("/api/v1/references/?year_min=2010&year_max=2020&q=children").status_code == 200
