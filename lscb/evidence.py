"""Evidence files that agencies and chairs attach (to a progress update, a Section 11
return, a challenge response): PDF, Word, Excel and images only, told by their first bytes
rather than their name, at most 20 MB, with a safe name. Stored through Django's storage
API (a ``FileField``), so they can live on shared storage.
"""

import io
import os
import re
import unicodedata
import zipfile

from django import forms
from django.http import FileResponse

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif"
HELP = "PDF, Word, Excel or an image (PNG, JPEG, GIF), up to 20 MB."

# kind: (label, the extensions a file of that kind may be named with)
KINDS = {
    "pdf": ("PDF", {".pdf"}),
    "docx": ("Word", {".docx"}),
    "xlsx": ("Excel", {".xlsx"}),
    "ole": ("Word or Excel (97-2003)", {".doc", ".xls"}),
    "png": ("PNG image", {".png"}),
    "jpeg": ("JPEG image", {".jpg", ".jpeg"}),
    "gif": ("GIF image", {".gif"}),
}


def sniff(head, upload=None):
    """The kind of file its first bytes say it is, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04") and upload is not None:
        try:
            upload.seek(0)
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def safe_name(name):
    """The file's own name without folders, accents, control or odd characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, ext = os.path.splitext(name)
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "", stem).strip(" .-_")[:80] or "evidence"
    ext = re.sub(r"[^A-Za-z0-9.]", "", ext).lower()[:8]
    return f"{stem}{ext}"


def check_upload(upload):
    """The upload with a safe name, or a ``ValidationError`` saying what is accepted."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise forms.ValidationError("Files can be at most 20 MB.")
    if upload.size == 0:
        raise forms.ValidationError("The file is empty.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, upload)
    name = safe_name(upload.name)
    ext = os.path.splitext(name)[1]
    if kind is None or ext not in KINDS[kind][1]:
        raise forms.ValidationError(f"“{name}” is not a file we accept: attach a {HELP}")
    upload.name = name
    return upload


class EvidenceFilesField(forms.FileField):
    """Any number of evidence files from one file input (``<input multiple>``)."""

    class Widget(forms.ClearableFileInput):
        allow_multiple_selected = True

    widget = Widget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", HELP)
        kwargs.setdefault("label", "Evidence files")
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(uploads) > 10:
            raise forms.ValidationError("Attach at most 10 files at a time.")
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append(check_upload(super().clean(upload, initial)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def download(field_file, original_name):
    """The stored file, as an attachment under its (safe) original name."""
    return FileResponse(field_file.open("rb"), as_attachment=True,
                        filename=safe_name(original_name))
