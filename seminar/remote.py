"""The facilitator's phone remote: a link the console shows as a QR code, which signs a
phone in for one seminar's live room only.

The link is signed (django.core.signing), names the seminar and the facilitator, and
expires after REMOTE_LINK_SECONDS. It works once: it carries a digest of the
facilitator's last login, and using it is a login, which changes that. A phone signed in
by a link keeps REMOTE_SCOPE in its session; `config.middleware.RemoteScopeMiddleware`
then treats it as signed out everywhere but that seminar's live room, and the console's
socket (`live.consumers`) lets it watch that seminar only.
"""

from __future__ import annotations

from typing import TypedDict

from django.contrib.auth import get_user_model, login
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from seminar.models import Seminar

REMOTE_LINK_SECONDS = 5 * 60
REMOTE_SCOPE = "plenum_remote"
_SALT = "plenum.seminar.remote"


class RemoteScope(TypedDict):
    seminar: int
    slug: str


def _login_digest(user: User) -> str:
    return salted_hmac(_SALT, f"{user.pk}:{user.last_login}:{user.password}").hexdigest()[:24]


def remote_link_token(*, user: User, seminar: Seminar) -> str:
    """What the console's QR code carries after the seminar's address."""
    return signing.dumps({"s": seminar.pk, "u": user.pk, "l": _login_digest(user)}, salt=_SALT)


def _user_of_token(token: str, seminar: Seminar) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=REMOTE_LINK_SECONDS)
    except signing.BadSignature:  # tampered with, or expired (SignatureExpired)
        return None
    if not isinstance(data, dict) or data.get("s") != seminar.pk:
        return None
    user_id, digest = data.get("u"), data.get("l")
    if not isinstance(user_id, int) or not isinstance(digest, str):
        return None
    user = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, facilitated_seminars=seminar)
        .first()
    )
    if not isinstance(user, User) or not constant_time_compare(digest, _login_digest(user)):
        return None
    return user


def remote_link_works(token: str, *, seminar: Seminar) -> bool:
    return _user_of_token(token, seminar) is not None


def sign_in_with_remote_link(request: HttpRequest, *, token: str, seminar: Seminar) -> bool:
    """Sign this browser in as the link's facilitator, for this seminar's live room only.
    False when the link is not (or no longer) good for this seminar."""
    with transaction.atomic():
        user = _user_of_token(token, seminar)
        if user is None:
            return False
        # Two phones opening the same link at once: only the one that moves the last
        # login on from the value the link was made with signs in.
        claimed = (
            get_user_model()
            .objects.filter(pk=user.pk, last_login=user.last_login)
            .update(last_login=timezone.now())
        )
        if not claimed:
            return False
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[REMOTE_SCOPE] = RemoteScope(seminar=seminar.pk, slug=seminar.slug)
    return True


def remote_scope(session: SessionBase | None) -> RemoteScope | None:
    """The one seminar a remote's session may drive, or None for a full sign-in."""
    scope = session.get(REMOTE_SCOPE) if session is not None else None
    if (
        isinstance(scope, dict)
        and isinstance(scope.get("seminar"), int)
        and isinstance(scope.get("slug"), str)
    ):
        return RemoteScope(seminar=scope["seminar"], slug=scope["slug"])
    return None


def password_login_is_a_full_one(
    sender: type[AbstractBaseUser], request: HttpRequest | None, **kwargs: object
) -> None:
    # A remote that signs in with a password is no longer held to its seminar. The link's
    # own sign-in sets the scope after login() returns.
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(REMOTE_SCOPE, None)
