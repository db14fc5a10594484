"""A PowerPoint file drawn as PDF by LibreOffice, when the server has it installed.

Each conversion runs headless in a temporary directory of its own: a fresh user profile
(nothing restored, nothing shared with another conversion), the upload under a fixed name,
no proxy in its environment, and a time limit after which its whole process group is
killed. `PLENUM_SOFFICE` names the program (a path, or a name looked up on PATH); without
it, `soffice` or `libreoffice` on PATH.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

SOFFICE_VARIABLE = "PLENUM_SOFFICE"
SOFFICE_NAMES = ("soffice", "libreoffice")
# Below deck_jobs.STALLED_AFTER, so a slow conversion falls back before the job looks dead.
TIMEOUT_SECONDS = 90
NOTICE_SECONDS = 20
# What a conversion may print, kept for the log when it fails.
OUTPUT_TAIL_CHARACTERS = 2000

# Each LibreOffice takes hundreds of megabytes: two imports at once take turns.
CONVERSION_LOCK = threading.Lock()


class ConversionError(Exception):
    """A file LibreOffice did not convert; the message is for the server's log."""


class OfficeNotInstalled(ConversionError):
    pass


class ConversionTimedOut(ConversionError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"LibreOffice did not finish within {seconds:g} seconds")
        self.seconds = seconds


class ConversionFailed(ConversionError):
    pass


def find_office() -> str | None:
    """The LibreOffice program to run, or None when the server has none."""
    configured = os.environ.get(SOFFICE_VARIABLE, "").strip()
    if configured:
        return shutil.which(configured)
    for name in SOFFICE_NAMES:
        if found := shutil.which(name):
            return found
    return None


def convert_pptx_to_pdf(
    data: bytes,
    *,
    timeout: float | None = None,
    still_working: Callable[[], None] | None = None,
) -> bytes:
    """The .pptx `data` as PDF, one page per shown slide. `still_working` is told every
    `NOTICE_SECONDS` while the conversion waits or runs, so the job does not look stalled."""
    program = find_office()
    if program is None:
        configured = os.environ.get(SOFFICE_VARIABLE, "").strip()
        raise OfficeNotInstalled(
            f"{SOFFICE_VARIABLE}={configured!r} is not a program"
            if configured
            else "neither soffice nor libreoffice is on PATH"
        )
    seconds = TIMEOUT_SECONDS if timeout is None else timeout
    while not CONVERSION_LOCK.acquire(timeout=NOTICE_SECONDS):
        if still_working:
            still_working()
    try:
        return _convert(program, data, seconds=seconds, still_working=still_working)
    except OSError as error:  # not runnable, or no room for its temporary files
        raise ConversionFailed(f"LibreOffice could not be run: {error}") from error
    finally:
        CONVERSION_LOCK.release()


def _convert(
    program: str, data: bytes, *, seconds: float, still_working: Callable[[], None] | None
) -> bytes:
    with tempfile.TemporaryDirectory(prefix="plenum-office-") as work:
        root = Path(work)
        # A fixed name: nothing from the facilitator's file name reaches the command line.
        source = root / "deck.pptx"
        source.write_bytes(data)
        outdir = root / "out"
        outdir.mkdir()
        output = root / "output.log"
        command = [
            program,
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nofirststartwizard",
            "--nologo",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "pdf:impress_pdf_Export",
            "--outdir",
            str(outdir),
            str(source),
        ]
        with output.open("wb") as log:
            # A list, no shell: the program found above and paths made here, nothing typed.
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=root,
                env=_environment(root),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )
            try:
                _wait(process, seconds=seconds, still_working=still_working)
            finally:
                if process.poll() is None:
                    _kill(process)
        pdf = outdir / "deck.pdf"
        if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            printed = output.read_text(errors="replace")[-OUTPUT_TAIL_CHARACTERS:]
            raise ConversionFailed(
                f"LibreOffice exited with {process.returncode} and wrote "
                f"{'no PDF' if not pdf.is_file() else 'an empty PDF'}: {printed.strip()}"
            )
        return pdf.read_bytes()


def _environment(root: Path) -> dict[str, str]:
    """A clean environment: no proxy to fetch through, a home in the temporary directory."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(root),
        "TMPDIR": str(root),
        "LANG": "C.UTF-8",
    }


def _wait(
    process: subprocess.Popen[bytes],
    *,
    seconds: float,
    still_working: Callable[[], None] | None,
) -> None:
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _kill(process)
            raise ConversionTimedOut(seconds)
        try:
            process.wait(timeout=min(remaining, NOTICE_SECONDS))
        except subprocess.TimeoutExpired:
            if still_working:
                still_working()
        else:
            return


def _kill(process: subprocess.Popen[bytes]) -> None:
    # LibreOffice's launcher starts soffice.bin as a child: the group goes, not only the launcher.
    with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
