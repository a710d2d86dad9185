"""Stored papers found by a fingerprint of their data, not by rendering them.

A paper's fingerprint hashes what decides its content: the paper and what it is about
(e.g. a plan and a quarter), the data versions of what it shows (``lscb.changes``: the
board's, which goes up after any change to its records outside its plans, and the plan's,
which goes up after any change to the plan's records), the day it is produced on (papers
print it), the templates and print stylesheet, the code that gathers its data, and the
renderer's versions and options. Finding a stored copy therefore costs one small query
and a file lookup, however big the paper; nothing is rendered to find it.
"""

import datetime
import functools
import hashlib
import inspect
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from . import pdf

PREFIX = "data-"


@functools.cache
def templates_version():
    """A hash of every template file and the print stylesheet (once per process: they
    change only when the app is deployed)."""
    digest = hashlib.sha256()
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for css in ("css/print.css",):
        from django.contrib.staticfiles import finders

        digest.update(Path(finders.find(css)).read_bytes())
    return digest.hexdigest()


@functools.cache
def code_version(function):
    """A hash of the source file of the code that gathers a paper's data."""
    return hashlib.sha256(Path(inspect.getsourcefile(function)).read_bytes()).hexdigest()


@functools.cache
def renderer_version():
    """The renderer's versions and options, read from the installed packages' metadata:
    importing WeasyPrint to ask took a quarter of a second of CPU, on the first request
    of each server process that served a stored copy (which renders nothing)."""
    return f"weasyprint {metadata.version('weasyprint')} pydyf {metadata.version('pydyf')} " \
           f"{sorted(pdf.PDF_OPTIONS.items())}"


def fingerprint(paper, board_id, data_version, *subject, today=None):
    """The fingerprint of ``paper`` (a ``Paper`` declaration) about ``subject`` (plain
    values: ids, years, numbers) for a board at ``data_version`` (a number, or the board's
    and a plan's: ``lscb.changes.current_versions``)."""
    today = today or timezone.localdate()
    parts = [paper.name, *[str(s) for s in subject], f"board {board_id} v{data_version}",
             today.isoformat() if isinstance(today, datetime.date) else str(today),
             templates_version(), code_version(paper.context), renderer_version()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stored_name(key):
    return f"{pdf.CACHE_DIR}/{PREFIX}{key}.pdf"


def stored_copy(key):
    """The stored PDF of this fingerprint, or None."""
    name = stored_name(key)
    try:
        with default_storage.open(name, "rb") as copy:
            return copy.read()
    except (FileNotFoundError, OSError):
        return None


def store(key, content):
    pdf.store(stored_name(key), content)


__all__ = ["fingerprint", "store", "stored_copy", "stored_name"]
