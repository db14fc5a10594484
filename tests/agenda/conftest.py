from pathlib import Path

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


@pytest.fixture
def without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server without LibreOffice, even on a machine that has it: a .pptx gives text."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.delenv("PLENUM_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(empty))
