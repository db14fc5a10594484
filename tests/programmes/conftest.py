import pytest
from django.test import Client

from seminar.models import Seminar
from tests.factories import make_seminar, make_user


@pytest.fixture
def seminar(client: Client) -> Seminar:
    """A two-day seminar of two items a day, two slides each, its facilitator logged in."""
    me = make_user()
    client.force_login(me)
    return make_seminar(facilitator=me, items=2, slides_per_item=2)
