"""An upload waiting between its preview and the manager's confirmation: kept in the
storage, known to the user's session only, and only for the board it was uploaded to."""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "register_imports"
KEEP = 5  # uploads kept per session


def store_upload(request, kind, upload, **options):
    token = secrets.token_urlsafe(18)
    path = default_storage.save(f"imports/{kind}/{token}.upload", ContentFile(upload.read()))
    pending = dict(request.session.get(SESSION_KEY, {}))
    for old in list(pending)[:-KEEP + 1]:
        default_storage.delete(pending.pop(old)["path"])
    pending[token] = {"kind": kind, "board": request.board.pk, "path": path,
                      "name": upload.name[:255], **options}
    request.session[SESSION_KEY] = pending
    return token


def load_upload(request, kind, token):
    """(details, bytes) of a pending upload, or None when there is none (or it is for
    another kind, another board, or already imported)."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["kind"] != kind or entry["board"] != request.board.pk:
        return None
    try:
        with default_storage.open(entry["path"], "rb") as handle:
            return entry, handle.read()
    except OSError:
        return None


def discard_upload(request, token):
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None)
    if entry:
        default_storage.delete(entry["path"])
    request.session[SESSION_KEY] = pending
