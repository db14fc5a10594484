"""A small HTTP/1.1 client on asyncio streams, for many concurrent requests from the
benchmark's event loop (the project has no async HTTP client, and adds none for this).

One `Connection` is one keep-alive TCP connection to 127.0.0.1 that sends one request at
a time. Responses are read by Content-Length, chunked transfer coding or, failing both,
until the server closes. `Response.wire_bytes` counts the status line, the headers and
the body exactly as they arrived (compressed if the server compressed, with the chunk
framing), which is what a phone pays for on its data plan.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

import brotli

from bench.common import HOST, BenchError

MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    set_cookies: dict[str, str]
    body: bytes
    wire_bytes: int

    @property
    def text(self) -> str:
        """The body as a browser reads it: decompressed, as the server compressed it."""
        encoding = self.headers.get("content-encoding", "")
        body = self.body
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        return body.decode(errors="replace")


@dataclass
class Connection:
    """One keep-alive connection; `request` reconnects once if the server had closed it."""

    port: int
    timeout: float = 10
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    sent_on_this_connection: int = 0
    opened: int = field(default=0)

    async def _open(self) -> None:
        await self.close()
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(HOST, self.port, limit=MAX_HEAD_BYTES), self.timeout
        )
        self.sent_on_this_connection = 0
        self.opened += 1

    async def close(self) -> None:
        writer, self.writer, self.reader = self.writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError, TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), 1)

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
    ) -> Response:
        for attempt in range(2):
            if self.writer is None:
                await self._open()
            reused = self.sent_on_this_connection > 0
            try:
                return await asyncio.wait_for(
                    self._exchange(method, path, headers, body), self.timeout
                )
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                await self.close()
                # A keep-alive connection the server closed while idle: try once afresh.
                if not reused or attempt == 1:
                    raise BenchError(f"{method} {path}: {type(error).__name__}: {error}") from error
            except TimeoutError as error:
                await self.close()
                raise BenchError(f"{method} {path}: no response within {self.timeout} s") from error
        raise AssertionError("unreachable")

    async def _exchange(
        self, method: str, path: str, headers: dict[str, str] | None, body: bytes
    ) -> Response:
        assert self.reader is not None and self.writer is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        self.sent_on_this_connection += 1
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise BenchError(f"{method} {path}: not an HTTP response: {status_line[:100]!r}")
        response_headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        for line in header_lines:
            if ":" not in line:
                continue
            name, value = line.split(":", 1)
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                if "=" in pair:
                    key, _sep, cookie = pair.partition("=")
                    cookies[key.strip()] = cookie.strip()
            previous = response_headers.get(name)
            response_headers[name] = f"{previous}, {value}" if previous else value
        wire = len(head)
        chunks: list[bytes] = []
        if method == "HEAD" or int(parts[1]) in (204, 304):
            pass
        elif "content-length" in response_headers:
            length = int(response_headers["content-length"])
            if length > MAX_BODY_BYTES:
                raise BenchError(f"{method} {path}: body of {length} bytes")
            chunks.append(await self.reader.readexactly(length))
            wire += length
        elif "chunked" in response_headers.get("transfer-encoding", "").lower():
            for _chunk in range(100_000):
                size_line = await self.reader.readuntil(b"\r\n")
                size = int(size_line.split(b";", 1)[0].strip(), 16)
                wire += len(size_line)
                if size == 0:
                    trailer = await self.reader.readuntil(b"\r\n")  # no trailers expected
                    wire += len(trailer)
                    break
                data = await self.reader.readexactly(size + 2)
                chunks.append(data[:-2])
                wire += len(data)
        else:
            data = await self.reader.read(MAX_BODY_BYTES)
            chunks.append(data)
            wire += len(data)
            response_headers["connection"] = "close"
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(
            status=int(parts[1]),
            headers=response_headers,
            set_cookies=cookies,
            body=b"".join(chunks),
            wire_bytes=wire,
        )


def form_body(fields: list[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(fields).encode()


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


class PageParser(HTMLParser):
    """The static assets a page references and the fields of its first POST form."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.fields: list[tuple[str, str]] = []
        self._forms = 0
        self._select: str | None = None
        self._radios: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon"):
            self.assets.append(a["href"])
        elif tag == "form" and a.get("method", "").lower() == "post":
            self._forms += 1
        if self._forms != 1:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                if a["name"] not in self._radios:  # the first option, as a person might pick
                    self._radios.add(a["name"])
                    self.fields.append((a["name"], a.get("value", "")))
            elif kind not in ("checkbox", "submit"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select is not None and a.get("value"):
            self.fields.append((self._select, a["value"]))
            self._select = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._forms == 1:
            self._forms = 2


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser
