from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from seminar.models import Seminar


def seminars_for_facilitator(user: User | AnonymousUser) -> QuerySet[Seminar]:
    """The seminars a user runs: the one scope every facilitator page looks up through."""
    if not user.is_authenticated:
        return Seminar.objects.none()
    return Seminar.objects.filter(facilitators=user)
