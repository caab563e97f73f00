"""Each request is one log line (method, path, status, duration, request id) and answers with its X-Request-ID;
errors go to the log with their traceback, and the API's errors stay JSON."""

import logging
import re
from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "lbc.request"]


def test_every_request_is_one_log_line_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="lbc.request")
    response = client.get("/references/?q=family")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [line] = request_lines(caplog)
    assert re.fullmatch(rf"GET /references/ 200 \d+\.\dms id={request_id}", line.getMessage())
    assert line.request_id == request_id  # on the record, so a formatter can print it on every line
    assert "family" not in line.getMessage()  # search words stay out of the log


def test_a_safe_incoming_request_id_is_kept(client, caplog):
    caplog.set_level(logging.INFO, logger="lbc.request")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42_x")
    assert response["X-Request-ID"] == "lb-7f3a.42_x"
    assert request_lines(caplog)[0].getMessage().endswith("id=lb-7f3a.42_x")


@pytest.mark.parametrize("given", ["two words", "x" * 65, "a\nGET /forged 200", "<script>", ""])
def test_an_unsafe_incoming_request_id_is_replaced(client, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] != given
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_an_unexpected_api_error_is_a_json_500_and_a_logged_traceback(client, caplog):
    client.raise_request_exception = False
    with mock.patch("api.views.ArticleViewSet.get_queryset", side_effect=RuntimeError("boom in a view")):
        response = client.get("/api/v1/articles/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "A server error occurred; it has been logged.",
        "request_id": response["X-Request-ID"],
    }
    # The API's exception handler logs the traceback; Django then logs the 500 response itself, without one.
    errors = [record for record in caplog.records if record.name == "django.request" and record.levelname == "ERROR"]
    [error] = [record for record in errors if record.exc_info]
    assert "boom in a view" in str(error.exc_info[1])
    assert error.request_id == response["X-Request-ID"]
    assert request_lines(caplog)[-1].getMessage().startswith("GET /api/v1/articles/ 500 ")


def test_a_site_page_error_keeps_the_html_error_page(client):
    client.raise_request_exception = False
    with mock.patch("literature.views.ReferenceFilter", side_effect=RuntimeError("boom")):
        response = client.get("/references/?q=x")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
