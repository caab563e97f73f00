"""Schemathesis generates requests from /api/schema/ and checks the answers: no server error, and every response
conforms to the schema (status codes, content types, bodies)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, positive_data_acceptance

from lbc_site.wsgi import application


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.include(method="GET").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_read_endpoints_conform_to_the_schema(case, courses):
    # Reads are public by design (credentials are optional), and a filter naming an id that does not exist is
    # rightly a 400; every other check (server errors, status codes, content types, bodies) applies.
    case.call_and_validate(excluded_checks=[ignored_auth, positive_data_acceptance])
