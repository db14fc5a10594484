from __future__ import annotations

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seminar.models import Seminar


def join_url(request: HttpRequest, seminar: Seminar) -> str:
    path = reverse("seminar:join", args=[seminar.join_code])
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)


def qr_svg(url: str) -> SafeString:
    # segno writes only a path with presentation attributes: nothing a strict CSP blocks.
    svg = segno.make(url, error="m").svg_inline(
        omitsize=True, border=2, title=_("QR code for %(url)s") % {"url": url}
    )
    return mark_safe(svg)  # noqa: S308  (segno escapes the title; the rest is its own markup)
