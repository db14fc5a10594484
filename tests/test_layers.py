"""The layers hold: `lint-imports` (make test) fails the run on an import that climbs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.tree import APPS, ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def copy_of_the_tree(target: Path) -> Path:
    for name in APPS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, check=False
    )


def test_an_import_from_a_lower_layer_up_to_a_higher_one_fails_the_contract(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    kept = lint_imports(tree)
    (tree / "polls" / "shortcut.py").write_text("from live.screens import current_screen\n")

    broken = lint_imports(tree)

    assert (kept.returncode, broken.returncode) == (0, 1)
    assert "Contracts: 1 kept, 0 broken." in kept.stdout
    assert "Contracts: 0 kept, 1 broken." in broken.stdout
    assert "polls.shortcut -> live.screens (l.1)" in broken.stdout


def test_questions_and_polls_are_beside_each_other_and_neither_imports_the_other(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    (tree / "questions" / "shortcut.py").write_text("from polls.models import Poll\n")

    broken = lint_imports(tree)

    assert broken.returncode == 1
    assert "questions.shortcut -> polls.models (l.1)" in broken.stdout
