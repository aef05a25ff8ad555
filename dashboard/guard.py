"""The doorman in front of Streamlit's web server: every HTTP request and websocket passes here
before Streamlit sees it (an ASGI middleware; ``dashboard/launcher.py`` installs it, and
``ehelse serve`` starts the launcher).

* **Host names** (DNS rebinding): a page on ``rebind.attacker.test`` whose name later points
  to 127.0.0.1 is «same origin» to the browser and to Streamlit. In local mode, where every
  visitor is an administrator, only ``localhost``/``127.0.0.1``/``[::1]`` are answered; with
  OIDC the host of ``redirect_uri``; ``EHELSE_ALLOWED_HOSTS`` names them explicitly. Both the
  ``Host`` and the ``Origin`` header must be one of them.
* **Uploads**: Streamlit stores whatever is ``PUT`` to ``/_stcore/upload_file/<session>/<id>``
  for any live session, uploader on the page or not. Only a session whose user may import
  (:func:`permit_uploads`, set on every script run) may store files, and at most
  :data:`SESSION_FILES` files and twice the upload limit at a time.
* ``/_stcore/metrics`` answers only the machine itself; ``/media/…`` (the meeting pack to
  download) with OIDC only a signed-in user with a role; ``/auth/logout`` also ends the
  sign-in on the server (:mod:`model.web_sessions`), not only the cookie in that browser.

Refusals are plain Norwegian text (HTTP 403/404/413); a refused websocket is closed before it
is accepted.
"""

from __future__ import annotations

import json
import threading
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from model.settings import Settings, get_settings

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
UPLOAD_PREFIX = "/_stcore/upload_file/"
#: Files one session may hold in the uploader's store at a time (Last opp takes one file; the
#: one it replaces may still be there for a moment).
SESSION_FILES = 4

_uploaders: set[str] = set()
_lock = threading.Lock()


# --------------------------------------------------------------------------------------------
# Who may upload (set from the script run, read by the middleware)
# --------------------------------------------------------------------------------------------


def permit_uploads(allowed: bool) -> None:
    """Record whether the user of the current script run's session may store uploads."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _lock:
        if allowed:
            _uploaders.add(ctx.session_id)
            if len(_uploaders) > 256:
                _forget_ended_sessions()
        else:
            _uploaders.discard(ctx.session_id)


def _forget_ended_sessions() -> None:
    from streamlit.runtime import Runtime

    if Runtime.exists():
        runtime = Runtime.instance()
        _uploaders.intersection_update({s for s in _uploaders if runtime.is_active_session(s)})


def may_upload(session_id: str) -> bool:
    with _lock:
        return session_id in _uploaders


# --------------------------------------------------------------------------------------------
# Host names
# --------------------------------------------------------------------------------------------


def host_name(value: str | None) -> str | None:
    """``"localhost:8501"`` → ``localhost``; ``"[::1]:8501"`` → ``::1``; lower case."""
    if not value:
        return None
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else None
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def allowed_hosts(settings: Settings) -> frozenset[str] | None:
    """The host names this server answers to; None for any."""
    if not settings.public_mode and settings.auth_mode == "local":
        return LOOPBACK  # every visitor is the local user: never anyone else's page
    explicit = settings.allowed_host_names()
    if explicit:
        return LOOPBACK | frozenset(host_name(h) or h for h in explicit)
    if not settings.public_mode and settings.auth_mode == "oidc":
        redirect = _redirect_host(str(settings.secrets_file or ""))
        if redirect:
            return LOOPBACK | {redirect}
    return None


@lru_cache(maxsize=4)
def _redirect_host(secrets_file: str) -> str | None:
    if not secrets_file:
        return None
    try:
        auth = tomllib.loads(Path(secrets_file).expanduser().read_text(encoding="utf-8"))["auth"]
        return urlparse(str(auth["redirect_uri"])).hostname
    except (OSError, KeyError, TypeError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def host_refusal(settings: Settings, host: str | None, origin: str | None) -> str | None:
    """Why a request with these ``Host`` and ``Origin`` headers is refused, or None."""
    allowed = allowed_hosts(settings)
    if allowed is None:
        return None
    name = host_name(host)
    if name not in allowed:
        return f"Adressen «{name or '–'}» er ikke en adresse dette dashbordet svarer på. " + (
            "Lokal modus svarer bare på localhost og 127.0.0.1."
            if allowed == LOOPBACK
            else "Bruk den vanlige adressen (EHELSE_ALLOWED_HOSTS)."
        )
    if origin:
        # "null" is a sandboxed frame or a local file: never the dashboard's own page.
        origin_name = urlparse(origin).hostname
        if origin_name not in allowed:
            return f"Forespørsler fra «{origin_name or origin}» tas ikke imot."
    return None


# --------------------------------------------------------------------------------------------
# The middleware
# --------------------------------------------------------------------------------------------


class Guard:
    """ASGI middleware; see the module's docstring."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import Headers

        settings = get_settings()
        headers = Headers(scope=scope)
        refusal = host_refusal(settings, headers.get("host"), headers.get("origin"))
        if refusal is not None:
            await _refuse(scope, receive, send, 403, refusal)
            return
        if scope["type"] == "http":
            refused = await self._http_refusal(scope, headers, settings)
            if refused is not None:
                await _refuse(scope, receive, send, *refused)
                return
        await self.app(scope, receive, send)

    async def _http_refusal(
        self, scope: dict, headers: Any, settings: Settings
    ) -> tuple[int, str] | None:
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        if path.rstrip("/") == "/_stcore/metrics" and not _from_this_machine(scope, headers):
            return 404, "Ikke funnet."
        if path.startswith(UPLOAD_PREFIX) and method == "PUT":
            return _upload_refusal(path, headers)
        oidc = not settings.public_mode and settings.auth_mode == "oidc"
        if oidc and path.startswith("/media/"):
            from starlette.concurrency import run_in_threadpool

            allowed = await run_in_threadpool(_signed_in_with_role, headers, settings)
            if not allowed:
                return 403, "Logg inn i dashbordet for å laste ned filen."
        if oidc and path.rstrip("/") == "/auth/logout":
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(_end_sign_in, headers)
        return None


async def _refuse(scope: dict, receive: Any, send: Any, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        from starlette.websockets import WebSocketClose

        await WebSocketClose(code=1008, reason="")(scope, receive, send)
        return
    from starlette.responses import PlainTextResponse

    await PlainTextResponse(text, status_code=status)(scope, receive, send)


def _from_this_machine(scope: dict, headers: Any) -> bool:
    client = scope.get("client") or ("", 0)
    return client[0] in {"127.0.0.1", "::1"} and host_name(headers.get("host")) in LOOPBACK


def _upload_refusal(path: str, headers: Any) -> tuple[int, str] | None:
    parts = path[len(UPLOAD_PREFIX) :].split("/")
    session_id = parts[0] if parts else ""
    if not may_upload(session_id):
        return 403, "Du har ikke tilgang til å laste opp filer."
    from streamlit import config
    from streamlit.runtime import Runtime

    limit = int(config.get_option("server.maxUploadSize")) * 1024 * 1024
    try:
        length = int(headers.get("content-length") or limit)
    except ValueError:
        return 400, "Ugyldig Content-Length."
    store = Runtime.instance().uploaded_file_mgr
    held = getattr(store, "file_storage", {}).get(session_id, {})
    files = [f for key, f in list(held.items()) if key != (parts[1] if len(parts) > 1 else "")]
    if len(files) >= SESSION_FILES or sum(len(f.data) for f in files) + length > 2 * limit:
        return 413, (
            "Økten har allerede lastet opp så mye som den får ha samtidig. Last inn siden på "
            "nytt og prøv igjen."
        )
    return None


# --------------------------------------------------------------------------------------------
# The signed-in user behind a cookie (OIDC)
# --------------------------------------------------------------------------------------------


def user_claims(cookies: dict[str, str]) -> dict | None:
    """The claims Streamlit signed into the ``_streamlit_user`` cookie(s), or None."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

    secret = get_cookie_secret()

    def one(name: str) -> bytes | None:
        value = cookies.get(name)
        if value is None:
            return None
        return decode_signed_value(secret, name, value.encode("latin-1"))

    try:
        raw = get_cookie_with_chunks(one, "_streamlit_user")
        claims = json.loads(raw) if raw else None
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) and claims.get("is_logged_in") else None


def _cookies(headers: Any) -> dict[str, str]:
    from starlette.requests import cookie_parser

    return cookie_parser(headers.get("cookie", ""))


def _signed_in_with_role(headers: Any, settings: Settings) -> bool:
    from dashboard.auth import oidc_actor

    claims = user_claims(_cookies(headers))
    if claims is None:
        return False
    try:
        actor, _problem, _state = oidc_actor(settings, claims, _engine(settings))
    except Exception:  # noqa: BLE001 - no database: nothing is handed out
        return False
    return actor is not None


def _end_sign_in(headers: Any) -> None:
    from contextlib import suppress

    from sqlalchemy.exc import SQLAlchemyError

    from model import web_sessions

    claims = user_claims(_cookies(headers))
    if claims is None:
        return
    # Without the database the cookie is cleared all the same; the pages check again.
    with suppress(SQLAlchemyError):
        web_sessions.revoke(_engine(get_settings()), claims)


def _engine(settings: Settings) -> Any:
    from model.db import get_engine, migrate

    engine = get_engine(settings.resolved_db_url())
    migrate(engine)
    return engine
