"""Each test worker's database starts from a copy of an already migrated one.

Migrating an empty database through every app's migrations takes about 9 s of CPU
(Django renders the models' state after each migration), once per worker and per run.
The schema they build only changes when a migration file does, so:

- on SQLite (an in-memory test database per worker), the first worker to migrate saves
  the result to ``lscb-test-db-<hash of every migration>.sqlite3`` in the temporary
  folder, and later set-ups copy it in (SQLite's backup API) before ``migrate``;
- on PostgreSQL, the test database is created from the migrated template database that
  the fault and backup tests already share (tests/pg.py).

``migrate`` still runs afterwards: it finds every migration applied (or applies any the
copy lacks) and sends ``post_migrate`` as usual, so the test database is exactly what
migrating would have made.
"""

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

from django.db import connections

from . import pg


def sqlite_template(alias):
    return Path(tempfile.gettempdir()) / (
        f"lscb-test-db-{pg.migrations_hash()}-sqlite{sqlite3.sqlite_version}-{alias}.sqlite3")


@contextlib.contextmanager
def migrated_from_template():
    """While the test databases are set up: ``migrate`` starts from the saved copy."""
    from django.core import management

    real = management.call_command

    def call_command(name, *args, **options):
        connection = connections[options.get("database", "default")]
        if name != "migrate" or connection.vendor != "sqlite" or not \
                connection.creation.is_in_memory_db(connection.settings_dict["NAME"]):
            return real(name, *args, **options)
        template = sqlite_template(connection.alias)
        if template.exists():
            connection.ensure_connection()
            source = sqlite3.connect(template)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return real(name, *args, **options)
        result = real(name, *args, **options)
        partial = template.with_suffix(f".{os.getpid()}.part")
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, template)  # whole or not at all, whichever worker gets there first
        return result

    with mock.patch.object(management, "call_command", call_command):
        yield


def use_postgres_template(settings_dict):
    """A PostgreSQL test database is created as a copy of the migrated template."""
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        settings_dict.setdefault("TEST", {})
        settings_dict["TEST"].setdefault("TEMPLATE", pg.migrated_template())
