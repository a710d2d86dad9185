"""Restoring a board archive: everything in it is checked before anything is kept.

An archive is a file anyone may have edited (a business manager downloads it, the
README's "move a board" restores it), so the restore trusts nothing in it:

- only the sections of :data:`~reporting.exports.archive.SECTIONS`, each holding only
  its own model's records (plus the users they name);
- every user it creates is active or not as the archive says, but never staff or
  superuser, with no groups, no permissions and an unusable password;
- every board foreign key names the board being restored and every other reference
  stays inside the archive (a history row may also keep a reference to a record that
  was deleted before the export, if no record here has that id);
- every field passes its model's own validation (slugs, choices, lengths), and the
  stored HTML of closed quarters holds only what the report template writes;
- files are checked (names under their field's folder, no "..", each named by a record)
  and written to storage only after the transaction has committed;
- the manifest's checksums must match, and an unsigned or foreign-signed archive needs
  the operator's say-so (``accept_unsigned``).

Anything else refuses the whole archive, with a message saying what and where.
"""

import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.validators import validate_slug
from django.db import IntegrityError, connection, transaction

from actions.latest import refresh_board
from lscb.models import Board
from reporting.models import QuarterSnapshot

from .archive import (
    FILE_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    HISTORY,
    SECTIONS,
    USER_FIELDS,
    ArchiveError,
    verify_manifest,
)

MAX_ENTRIES = 100_000
MAX_UNPACKED = 2 * 1024 * 1024 * 1024
SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")


@dataclass
class Restored:
    board: Board
    signed: bool  # the manifest is signed by this installation


def import_board(data, accept_unsigned=False):
    """Restore an archive into this installation, all or nothing."""
    parts, found_manifest = read_archive(data)
    payload = read_payload(parts["board.json"])
    signed = verify_manifest(parts, found_manifest)
    if not signed and not accept_unsigned:
        raise ArchiveError(
            "This archive is not signed by this installation: it was edited after it was made, "
            "or made by another installation (another SECRET_KEY). If you know where it came "
            "from, restore it with --accept-unsigned; every record is checked either way.")
    del parts["board.json"]
    files = {name.removeprefix("files/"): content for name, content in parts.items()}
    try:
        with transaction.atomic():
            board = restore_records(payload, files)
            connection.check_constraints()  # while a refusal can still be explained
    except IntegrityError as error:
        raise ArchiveError(f"The archive's records break a rule of the database: {error}") from error
    return Restored(board, signed)


def read_archive(data):
    """({part name: bytes}, manifest or None), with the zip's own limits checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
            raise ArchiveError("This archive is larger than any board's: it was not restored.")
        parts = {}
        for entry in entries:
            if entry.is_dir():
                continue
            if entry.filename != "board.json" and entry.filename != "manifest.json" and (
                    not entry.filename.startswith("files/")):
                raise ArchiveError(f"The archive holds {entry.filename!r}, which no board "
                                   "archive has.")
            parts[entry.filename] = archive.read(entry)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise ArchiveError(f"This is not an LSCB Planner board archive ({error}).") from error
    if "board.json" not in parts:
        raise ArchiveError("This is not an LSCB Planner board archive (no board.json).")
    found = parts.pop("manifest.json", None)
    try:
        return parts, (json.loads(found) if found is not None else None)
    except ValueError as error:
        raise ArchiveError("The archive's manifest cannot be read.") from error


def read_payload(content):
    try:
        payload = json.loads(content)
    except ValueError as error:
        raise ArchiveError(f"This is not an LSCB Planner board archive ({error}).") from error
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or \
            payload.get("version") not in (1, 2, FORMAT_VERSION):
        raise ArchiveError("This archive was made by an incompatible version.")
    if payload["version"] < 3 and isinstance(payload.get("records"), dict):
        upgrade_planner(payload["records"])
    slug, records = payload.get("slug"), payload.get("records")
    try:
        validate_slug(slug if isinstance(slug, str) and len(slug) <= 60 else "")
    except ValidationError as error:
        raise ArchiveError(f"The archive's board has no valid short name ({slug!r}).") from error
    known = {"users"} | {name for name, _, _ in SECTIONS}
    if not isinstance(records, dict) or not set(records) <= known:
        unknown = sorted(set(records or {}) - known) if isinstance(records, dict) else ["?"]
        raise ArchiveError(f"The archive holds records no board archive has: {', '.join(unknown)}.")
    return payload


def upgrade_planner(records):
    """An archive from before planner items had several recipients: each item's single
    recipient (body, group, frequency, months) becomes its one recipient record (with the
    item's id), and each receipt belongs to it, as the database migration does."""
    items = records.get("reporting_items")
    if not isinstance(items, list):
        return
    recipients = []
    for item in items:
        fields = item.get("fields") if isinstance(item, dict) else None
        if not isinstance(fields, dict) or "recipient" not in fields:
            continue
        recipients.append({"model": "reporting.reportingrecipient", "pk": item.get("pk"),
                           "fields": {"item": item.get("pk"), "body": fields.pop("recipient"),
                                      "group": fields.pop("recipient_group", None),
                                      "frequency": fields.pop("frequency", ""),
                                      "months": fields.pop("months", []), "order": 0}})
    if recipients:
        records["reporting_recipients"] = recipients
    for receipt in records.get("receipts") or []:
        fields = receipt.get("fields") if isinstance(receipt, dict) else None
        if isinstance(fields, dict) and "recipient" not in fields:
            fields["recipient"] = fields.get("item")


# --- the records ---------------------------------------------------------------------------

def restore_records(payload, files):
    slug, records = payload["slug"], payload["records"]
    if Board.objects.filter(slug=slug).exists():
        raise ArchiveError(f"A board with the slug {slug!r} already exists here.")
    User = get_user_model()
    sections = [("users", User), *((name, model) for name, model, _ in SECTIONS)]
    items = {name: checked_items(name, model, records.get(name, [])) for name, model in sections}
    allowed = {model: {item["pk"] for item in items[name]} for name, model in sections}
    board_items = items["board"]
    if len(board_items) != 1 or board_items[0]["fields"].get("slug") != slug:
        raise ArchiveError("The archive must hold exactly one board, the one it is named after.")
    board_pk = board_items[0]["pk"]
    if Board.objects.filter(name=board_items[0]["fields"].get("name")).exists():
        raise ArchiveError("A board with the same name already exists here.")
    items["users"] = [safe_user(item) for item in items["users"]]
    taken = User.objects.filter(username__in=[i["fields"]["username"] for i in items["users"]])
    if taken.exists():
        raise ArchiveError(f"User {taken.first().username!r} already exists here.")
    referenced_files = []
    deferred = []
    for name, model in sections:
        objects = deserialize(name, items[name])
        clash = model._default_manager.filter(pk__in=allowed[model]).values_list("pk", flat=True)
        if clash:
            raise ArchiveError(f"This installation already holds a {model._meta.verbose_name} with "
                               f"id {clash[0]}: restore into an empty installation.")
        for obj in objects:
            check_record(name, obj, allowed, board_pk)
            referenced_files += check_files(name, obj.object, files)
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()
    unreferenced = sorted(set(files) - set(referenced_files))
    if unreferenced:
        raise ArchiveError(f"The archive holds a file no record names: {unreferenced[0]!r}.")
    reset_sequences([model for _, model in sections])
    # raw saves send no signal, and an archive's stored copies are not to be trusted
    refresh_board(board_pk)
    transaction.on_commit(lambda: write_files(files))
    return Board.objects.get(pk=board_pk)


def checked_items(name, model, items):
    """The section's items, each a record of the section's own model with a whole-number id."""
    label = model._meta.label_lower
    if not isinstance(items, list):
        raise ArchiveError(f"The archive's {name!r} section is not a list of records.")
    seen = set()
    for item in items:
        if not isinstance(item, dict) or item.get("model") != label or not isinstance(
                item.get("fields"), dict) or type(item.get("pk")) is not int or item["pk"] < 1:
            raise ArchiveError(f"The archive's {name!r} section holds something that is not a "
                               f"{model._meta.verbose_name} ({str(item)[:80]}).")
        if item["pk"] in seen:
            raise ArchiveError(f"The archive's {name!r} section holds id {item['pk']} twice.")
        seen.add(item["pk"])
    return items


def safe_user(item):
    """A user as the restore makes them: the archive's names only; no staff or superuser
    flag, no group, no permission, no usable password."""
    fields = {key: item["fields"][key] for key in USER_FIELDS if key in item["fields"]}
    fields.update(password="!", is_staff=False, is_superuser=False, groups=[],
                  user_permissions=[])
    return {"model": item["model"], "pk": item["pk"], "fields": fields}


def deserialize(name, items):
    try:
        objects = list(serializers.deserialize("python", items, handle_forward_references=True))
    except (serializers.base.DeserializationError, ValidationError, ValueError, TypeError) as error:
        raise ArchiveError(f"The archive's {name!r} records could not be read ({error}).") from error
    for obj in objects:
        if name == "users":
            obj.object.set_unusable_password()
    return objects


def check_record(name, obj, allowed, board_pk):
    """References inside the archive, the board's own board, valid fields, safe HTML."""
    record = obj.object
    model = type(record)
    where = f"{name} record {record.pk}"
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        value = getattr(record, field.attname)
        if value is None or points_inside(model, field.related_model, value, allowed, board_pk):
            continue
        raise ArchiveError(f"The archive's {where} points outside the archive: its "
                           f"{field.name} names {field.related_model._meta.verbose_name} "
                           f"{value}, which is not part of this board.")
    for field_name, values in (obj.m2m_data or {}).items():
        target = model._meta.get_field(field_name).related_model
        outside = [value for value in values if value not in allowed.get(target, ())]
        if outside:
            raise ArchiveError(f"The archive's {where} points outside the archive: its "
                               f"{field_name} names {target._meta.verbose_name} {outside[0]}.")
    if model in HISTORY and record.id not in allowed[HISTORY[model]]:
        raise ArchiveError(f"The archive's {where} is the history of "
                           f"{HISTORY[model]._meta.verbose_name} {record.id}, which it does "
                           "not hold.")
    # empty values are the database's to refuse (NOT NULL); everything typed is validated
    exclude = [f.name for f in model._meta.concrete_fields
               if f.is_relation or getattr(record, f.attname) in f.empty_values]
    try:
        record.clean_fields(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ArchiveError(f"The archive's {where} is not valid: {field}: {messages[0]}") from error
    if model is QuarterSnapshot:
        check_paper_html(where, record.html)


def points_inside(model, target, value, allowed, board_pk):
    if target is Board:
        return value == board_pk
    if value in allowed.get(target, ()):
        return True
    # an old version may name a record deleted before the export: kept only if that id
    # names nothing here, so it can never show another board's record
    return (model in HISTORY and target is not get_user_model()
            and not target._default_manager.filter(pk=value).exists())


def check_files(name, record, files):
    """The record's file names: under their field's folder, plain, present in the archive."""
    names = []
    for field_name in FILE_FIELDS.get(type(record), []):
        stored = getattr(record, field_name).name
        if not stored:
            continue
        folder = getattr(type(record), field_name).field.upload_to.split("%", 1)[0]
        if not SAFE_FILE_NAME.match(stored) or ".." in stored.split("/") or \
                not stored.startswith(folder) or posixpath.normpath(stored) != stored:
            raise ArchiveError(f"The archive's {name} record {record.pk} names the file "
                               f"{stored!r}, which is not a file name the app writes.")
        if stored not in files:
            raise ArchiveError(f"The archive's {name} record {record.pk} names the file "
                               f"{stored!r}, which is not in the archive.")
        if default_storage.exists(stored):
            raise ArchiveError(f"A stored file {stored!r} already exists here.")
        names.append(stored)
    return names


def reset_sequences(models):
    """PostgreSQL's id sequences past the ids restored (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def write_files(files):
    """After the commit: the checked files into storage, under the names records use."""
    for name, content in files.items():
        default_storage.save(name, ContentFile(content))


# --- a closed quarter's stored HTML --------------------------------------------------------

PAPER_TAGS = {
    "section", "nav", "article", "header", "footer", "div", "span", "p", "br", "hr", "h1",
    "h2", "h3", "h4", "h5", "dl", "dt", "dd", "ol", "ul", "li", "a", "strong", "em", "b", "i",
    "small", "abbr", "time", "blockquote", "table", "caption", "colgroup", "col", "thead",
    "tbody", "tfoot", "tr", "th", "td", "svg", "g", "rect", "line", "path", "circle", "text",
    "tspan", "title", "desc", "polyline", "figure", "figcaption",  # board papers
}
PAPER_ATTRIBUTES = {
    "class", "id", "role", "scope", "colspan", "rowspan", "headers", "title", "lang",
    "datetime", "href", "xmlns", "viewbox", "width", "height", "x", "y", "x1", "x2", "y1",
    "y2", "cx", "cy", "r", "rx", "ry", "d", "fill", "stroke", "stroke-width", "text-anchor",
    "font-family", "font-size", "font-weight", "focusable", "transform", "dominant-baseline",
    "points", "aria-label", "stroke-dasharray",  # trend lines and charts
}


class PaperHTMLCheck(HTMLParser):
    """Finds the first thing the report template never writes: another tag, an event
    handler, a style, or a link that is not to this page or an http(s)/mailto address."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problem = None

    def handle_starttag(self, tag, attrs):
        if tag not in PAPER_TAGS:
            self.problem = self.problem or f"a <{tag}> element"
        for name, value in attrs:
            allowed = name in PAPER_ATTRIBUTES or name.startswith(("aria-", "data-"))
            if not allowed:
                self.problem = self.problem or f"a {name} attribute"
            elif name == "href" and not safe_href(value or ""):
                self.problem = self.problem or f"a link to {value!r}"

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self.problem = self.problem or "a declaration"

    def unknown_decl(self, data):
        self.problem = self.problem or "a declaration"

    def handle_pi(self, data):
        self.problem = self.problem or "a processing instruction"


def safe_href(value):
    value = re.sub(r"[\x00-\x20]", "", value)
    if value.startswith("#") or (value.startswith("/") and not value.startswith("//")):
        return True
    return urlsplit(value).scheme.lower() in ("http", "https", "mailto")


def check_paper_html(where, html):
    checker = PaperHTMLCheck()
    checker.feed(html or "")
    checker.close()
    if checker.problem:
        raise ArchiveError(f"The archive's {where} holds HTML the app never writes "
                           f"({checker.problem}).")
