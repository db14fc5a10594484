from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.decorators import sync_and_async_middleware


@sync_and_async_middleware
def language_middleware(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    """Use the language the person chose, else Norwegian bokmål.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a
    Norwegian council member's phone set to English should still meet the seminar in
    Norwegian until they pick English themselves.
    """
    available = {code for code, _name in settings.LANGUAGES}

    def choose(request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def label(response: HttpResponse) -> HttpResponse:
        # A view may have switched (a phone meets its seminar in the seminar's language).
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    if iscoroutinefunction(get_response):
        next_async: Callable[[HttpRequest], Awaitable[HttpResponse]] = get_response

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            choose(request)
            return label(await next_async(request))

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        choose(request)
        return label(get_response(request))

    return middleware
