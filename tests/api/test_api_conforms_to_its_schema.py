"""Schemathesis generates requests from /api/schema/ and checks the answers: no server error, and every response
conforms to the schema (status codes, content types, bodies)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, positive_data_acceptance

from lbc_site.wsgi import application


@pytest.fixture
def api_schema(db):
    # Called straight through WSGI, Django would close the database connection around each request (and with it
    # the test's transaction on PostgreSQL); Django's own test client switches this off the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.include(method="GET").parametrize()
# derandomize: the same examples on every run, so CI is steady and a failure reproduces (a random run once found a
# case no rerun could show again).
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_read_endpoints_conform_to_the_schema(case, courses):
    # Reads are public by design (credentials are optional), and a filter naming an id that does not exist is
    # rightly a 400; every other check (server errors, status codes, content types, bodies) applies.
    case.call_and_validate(excluded_checks=[ignored_auth, positive_data_acceptance])
