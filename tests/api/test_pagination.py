"""Every paginated list shares one paginator: an offset past the database's range is a 422."""

from __future__ import annotations

import pytest

LISTS = [
    "/api/v1/states",
    "/api/v1/groups",
    "/api/v1/organisations",
    "/api/v1/agencies",
    "/api/v1/matrix/matrices",
    "/api/v1/plans/",
    "/api/v1/assistance/requests",
    "/api/v1/assistance/offers",
    "/api/v1/events/",
]


@pytest.mark.parametrize("path", LISTS)
def test_an_offset_past_the_database_range_is_refused_with_a_message(personas, path):
    client = personas.client("expert")
    response = client.get(path, {"offset": 2**63, "limit": 5})
    assert response.status_code == 422
    assert "offset" in response.json()["detail"]
    assert client.get(path, {"offset": 0, "limit": 5}).status_code == 200
