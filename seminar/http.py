import uuid

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request a `@login_required` view sees: its user is a real, logged-in User."""

    user: User


def posted_id(request: HttpRequest, name: str) -> int | None:
    """A database id from a form field, or None for anything else (letters, "²", 10**30)."""
    return parse_id(request.POST.get(name, ""))


def parse_id(raw: str) -> int | None:
    """A database id from text sent by a browser, or None for anything else."""
    if raw.isascii() and raw.isdecimal() and 0 < int(raw) < 2**31:
        return int(raw)
    return None


def posted_client_id(request: HttpRequest) -> uuid.UUID | None:
    """The id a phone made for what it sent (a resend carries the same), or None."""
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return None
