"""manage.py serve: what it sets up in the server process before uvicorn starts."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc is Linux's")
def test_the_server_process_asks_glibc_for_two_arenas_and_a_fixed_mapping_threshold():
    # In a process of its own: the setting is the allocator's, for the whole process.
    script = textwrap.dedent(
        """
        import django, os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        from programmes.management.commands.serve import fewer_malloc_arenas
        print(fewer_malloc_arenas())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert done.stdout.split() == ["True"]
