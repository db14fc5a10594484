from __future__ import annotations

from functools import lru_cache

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seminar.lan import server_join_address
from seminar.models import Seminar


def join_url(seminar: Seminar, base_url: str | None = None) -> str:
    """The address phones open. Screens are rendered once for everyone, away from any
    request, so the server's address is decided from the settings (see `serve`) and the
    address the facilitator picked (`base_url`, from `seminar.lan.server_join_address`)."""
    base = server_join_address().base_url if base_url is None else base_url
    return base + reverse("seminar:join", args=[seminar.join_code])


@lru_cache(maxsize=256)
def _qr_svg(url: str, title: str) -> str:
    return str(segno.make(url, error="m").svg_inline(omitsize=True, border=2, title=title))


def qr_svg(url: str) -> SafeString:
    # segno writes a path with presentation attributes only: nothing a strict CSP blocks;
    # it escapes the title itself.
    return mark_safe(_qr_svg(url, _("QR code for %(url)s") % {"url": url}))  # noqa: S308
