"""Lookups scoped to what the person asking may see."""

from django.shortcuts import get_object_or_404

from seminar.http import AuthenticatedHttpRequest
from seminar.models import Seminar
from seminar.queries import seminars_for_facilitator


def get_seminar_for_facilitator(request: AuthenticatedHttpRequest, slug: str) -> Seminar:
    # 404 rather than 403 for other people's seminars: their slugs are nobody else's business.
    return get_object_or_404(seminars_for_facilitator(request.user), slug=slug)
