from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def deployment(request: HttpRequest) -> dict[str, str]:
    """Who runs this installation: for the privacy notice and the footer of every page."""
    return {
        "data_controller": settings.DATA_CONTROLLER,
        "contact_email": settings.CONTACT_EMAIL,
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL,
    }
