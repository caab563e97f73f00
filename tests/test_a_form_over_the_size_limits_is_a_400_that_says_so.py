"""A form past Django's field or size limits is a 400 that names the limit, not a page that acts as if the
form were empty (Django leaves an empty form behind once it has refused one). The API answers in JSON."""

import pytest

URL = "/admin/literature/reference/import/"


@pytest.fixture
def staff(client_for, instructor, seeded):
    return client_for(instructor)


def test_too_many_fields_in_the_admin_is_a_400_naming_the_limit(staff):
    body = "&".join(f"skip={i}" for i in range(1001)) + "&format=text&text=x&confirm=1"
    response = staff.generic("POST", URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "This form sent too many fields (limit 1,000)" in response.content.decode()


def test_a_form_too_large_in_the_admin_is_a_400_naming_the_limit(staff):
    response = staff.post(URL, {"format": "text", "text": "x" * (3 * 2**20), "preview": "1"})
    assert response.status_code == 400
    assert "This form sent more data than the site accepts (limit 2.5 MB)" in response.content.decode()
