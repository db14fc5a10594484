"""SQLite connections are kept only by the long-lived worker thread, never by a request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_seminar


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL connections come from a pool")
@pytest.mark.django_db(transaction=True)
def test_a_request_closes_its_connection_when_it_ends(client: Client):
    seminar = make_seminar()
    assert connection.connection is not None

    response = client.get(f"/j/{seminar.join_code}/")

    assert response.status_code == 200
    assert connection.connection is None
