from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

import csp.middleware
from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware import clickjacking, common, csrf, gzip, security
from django.utils import translation
from django.utils.decorators import sync_and_async_middleware
from django.utils.deprecation import MiddlewareMixin

from seminar.remote import REMOTE_SCOPE, RemoteScope, remote_scope

# What a phone signed in by the remote link may do, in its seminar only (config/urls.py
# names them): the remote itself, the console's screen it catches up from, and the
# buttons of the slides, timers, polls, surveys, exercises and questions. Not the console
# page, the programme, the notes or deleting anything.
REMOTE_VIEWS = frozenset(
    {
        "seminar:remote",
        "seminar:console_screen",
        "seminar:control",
        "polls:control",
        "polls:survey_control",
        "exercises:control",
        "questions:control",
    }
)


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


class HooksOnTheLoop(MiddlewareMixin):
    """Under ASGI, Django's MiddlewareMixin sends each of a middleware's hooks through a
    thread (sync_to_async): two thread hops per middleware per request, most of what a
    small request cost. For a library's middleware whose hooks only read and set
    attributes and headers, this runs them on the event loop instead; a hook that would
    reach the database this time (see needs_a_thread) still goes to a thread. The sync
    path (WSGI, the test client) is the library's own."""

    def needs_a_thread(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return False

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase | None = None
        process_request = getattr(self, "process_request", None)
        if process_request is not None:
            response = process_request(request)
        if response is None:
            # Under ASGI (async_mode) the next middleware's answer is awaitable.
            response = await cast(Awaitable[HttpResponseBase], self.get_response(request))
        process_response = getattr(self, "process_response", None)
        if process_response is None:
            return response
        if self.needs_a_thread(request, response):
            return cast(
                HttpResponseBase,
                await sync_to_async(process_response, thread_sensitive=True)(request, response),
            )
        return cast(HttpResponseBase, process_response(request, response))


class SecurityMiddleware(HooksOnTheLoop, security.SecurityMiddleware):
    pass


class GZipMiddleware(HooksOnTheLoop, gzip.GZipMiddleware):
    """A page or a fragment is compressed on the loop; a large body (an export, a
    programme file, a photo) in a thread, so the sockets are not kept waiting."""

    LARGE_BODY = 64 * 1024

    def needs_a_thread(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        if response.streaming:
            return False  # compressed chunk by chunk as it is sent
        return len(getattr(response, "content", b"")) > self.LARGE_BODY


class SessionMiddleware(HooksOnTheLoop, sessions.SessionMiddleware):
    """The session is read lazily, by whoever asks for it (in a thread, with the view); its
    response hook writes to the database only when the session changed."""

    def needs_a_thread(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        session = request.session
        return bool(session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class CommonMiddleware(HooksOnTheLoop, common.CommonMiddleware):
    pass


class CsrfViewMiddleware(HooksOnTheLoop, csrf.CsrfViewMiddleware):
    """The secret is in a cookie (CSRF_USE_SESSIONS is off, checked at start). Its view
    hook reads the posted form: on the loop for a small one, in a thread for a large one
    (an uploaded deck is parsed from a temporary file)."""

    SMALL_BODY = 64 * 1024

    def __init__(self, get_response: Any) -> None:
        if settings.CSRF_USE_SESSIONS:
            raise ImproperlyConfigured(
                "config.middleware.CsrfViewMiddleware keeps the CSRF secret in a cookie."
            )
        super().__init__(get_response)
        if getattr(self, "async_mode", False):  # MiddlewareMixin's, untyped in the stubs
            # Django calls an async view hook as it is, and a sync one through a thread.
            self.process_view = self._process_view_on_the_loop  # type: ignore[method-assign,assignment]

    async def _process_view_on_the_loop(
        self,
        request: HttpRequest,
        callback: Callable[..., Any],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        check = super().process_view
        # A safe method reads no form; a body of unknown length (chunked) counts as large.
        length = request.META.get("CONTENT_LENGTH") or ""
        small = length.isdecimal() and int(length) <= self.SMALL_BODY
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or small:
            return check(request, callback, callback_args, callback_kwargs)
        return await sync_to_async(check, thread_sensitive=True)(
            request, callback, callback_args, callback_kwargs
        )


class AuthenticationMiddleware(HooksOnTheLoop, auth.AuthenticationMiddleware):
    pass


class MessageMiddleware(HooksOnTheLoop, messages.MessageMiddleware):
    """Messages live in a cookie, or in the session when too big: only a request that
    added or read messages may write the session."""

    def needs_a_thread(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        storage = getattr(request, "_messages", None)
        return bool(storage is not None and (storage.used or storage.added_new))


class XFrameOptionsMiddleware(HooksOnTheLoop, clickjacking.XFrameOptionsMiddleware):
    pass


class CSPMiddleware(HooksOnTheLoop, csp.middleware.CSPMiddleware):
    pass


class RemoteScopeMiddleware(MiddlewareMixin):
    """A phone signed in by the console's remote link (seminar.remote) is signed in for
    one seminar's live room only: on any other page it is treated as signed out, so a
    facilitator's page sends it to the login, and a public page is what anyone sees. Only
    a request with a session cookie reads the session for it."""

    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        if getattr(self, "async_mode", False):
            self.process_view = self._process_view_on_the_loop  # type: ignore[method-assign,assignment]

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., Any],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> None:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._hold_to_scope(request, remote_scope(request.session), callback_kwargs)

    async def _process_view_on_the_loop(
        self,
        request: HttpRequest,
        callback: Callable[..., Any],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> None:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            await request.session.aget(REMOTE_SCOPE)  # loads the session off the loop
            self._hold_to_scope(request, remote_scope(request.session), callback_kwargs)

    def _hold_to_scope(
        self, request: HttpRequest, scope: RemoteScope | None, kwargs: dict[str, Any]
    ) -> None:
        if scope is None:
            return
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if view_name in REMOTE_VIEWS and kwargs.get("slug") == scope["slug"]:
            return
        anonymous = AnonymousUser()

        async def signed_out() -> AnonymousUser:
            return anonymous

        request.user = anonymous
        request.auser = signed_out
