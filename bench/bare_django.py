"""The request floor: Django with no middleware, no database and one view, under the same
uvicorn as `manage.py serve` (same options). What Plenum's /clock/ costs beyond this is
Plenum's own request path: its middleware, its views.

    python -m bench.bare_django --port 8123
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import django
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import path

from bench.common import HOST, ServerProcess


async def clock(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"now": int(time.time() * 1000)})


urlpatterns = [path("clock/", clock)]


def application_without_middleware() -> object:
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
        SECRET_KEY="the floor serves one clock and nothing else",  # noqa: S106
    )
    django.setup()
    from django.core.asgi import get_asgi_application

    return get_asgi_application()


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bench.bare_django", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(
        application_without_middleware(),  # type: ignore[arg-type]
        host=HOST,
        port=args.port,
        ws_per_message_deflate=False,
        proxy_headers=True,
        server_header=False,
        log_level="warning",
    )


class BareDjangoServer(ServerProcess):
    def __init__(self, *, port: int, log_path: Path, env: dict[str, str]) -> None:
        super().__init__(
            "bare Django floor",
            [sys.executable, "-m", "bench.bare_django", "--port", str(port)],
            port=port,
            env=env,
            log_path=log_path,
        )


if __name__ == "__main__":
    main()
