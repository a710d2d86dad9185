"""The apps depend one way (demo → reporting → actions → plans → subgroups → lscb) and
the engines under lscb/ import no app: the import-linter contracts in pyproject.toml,
checked on every import in every module, including imports inside functions."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(cwd):
    command = Path(sys.executable).parent / "lint-imports"
    return subprocess.run([command, "--no-cache"], cwd=cwd, capture_output=True, text=True)


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, line", [
    ("plans/views.py", "    from actions.models import Action"),   # a lower app reaching up
    ("lscb/papers/pdf.py", "    from lscb.models import Board"),     # an engine knowing the board
    ("subgroups/forms.py", "    import reporting.dashboard"),
])
def test_an_import_against_the_order_breaks_the_build(tmp_path, module, line):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "node_modules", "media", "*.sqlite3", "__pycache__", "tests"))
    target = copy / module
    target.write_text(target.read_text() + textwrap.dedent(f"""

        def _reaches_up():
        {line}
        """))
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
