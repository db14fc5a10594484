from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Use the language the person chose, else Norwegian bokmål.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a
    Norwegian council member's phone set to English should still meet the seminar in
    Norwegian until they pick English themselves.
    """
    available = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        # A view may have switched (a phone meets its seminar in the seminar's language).
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        return response

    return middleware
