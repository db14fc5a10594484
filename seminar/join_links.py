from __future__ import annotations

from functools import lru_cache

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seminar.models import Seminar


def join_url(seminar: Seminar) -> str:
    """The address phones open. Screens are rendered once for everyone, away from any
    request, so the server's public address comes from the settings (see `serve`)."""
    return settings.PUBLIC_URL + reverse("seminar:join", args=[seminar.join_code])


@lru_cache(maxsize=256)
def _qr_svg(url: str, title: str) -> str:
    return str(segno.make(url, error="m").svg_inline(omitsize=True, border=2, title=title))


def qr_svg(url: str) -> SafeString:
    # segno writes a path with presentation attributes only: nothing a strict CSP blocks;
    # it escapes the title itself.
    return mark_safe(_qr_svg(url, _("QR code for %(url)s") % {"url": url}))  # noqa: S308
