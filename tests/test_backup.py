"""Backup and restore as the README tells it: pg_dump --format=custom of a database with
the demo board and some edits, pg_restore into a fresh database, and the same data
comes back: every table's rows, the content of every table, the sequences, and the
app reads it. Skips when PostgreSQL or pg_dump/pg_restore are missing."""

import shutil
import socket
import subprocess

import pytest

from . import pg

EDITS = """
import datetime
from django.contrib.auth import get_user_model
from actions.models import Action, ProgressUpdate
from plans.models import Risk
manager = get_user_model().objects.get(username="manager")
action = Action.objects.filter(board__slug="cumbria").order_by("pk").first()
action.description += " (edited before the backup)"
action._change_reason = "backup test"
action.save()
ProgressUpdate.objects.create(action=action, rag="amber", date=datetime.date(2016, 2, 1),
                              narrative="Backup test: Amber, partner data late", author=manager)
risk = Risk.objects.filter(board__slug="cumbria").first()
if risk is not None:
    risk.residual_likelihood = 2
    risk.save()
"""

KEY_TABLES = ["actions_action", "actions_progressupdate", "actions_historicalaction",
              "plans_historicalrisk", "lscb_board", "auth_user"]

READ_BACK = """
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from actions.models import ProgressUpdate
executor = MigrationExecutor(connection)
assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == [], "migrations missing"
print(ProgressUpdate.objects.filter(narrative__startswith="Backup test:").count())
"""


def tables(database):
    connection = pg.connect(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT table_name FROM information_schema.tables WHERE "
                           "table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
            names = [name for (name,) in cursor.fetchall()]
            contents = {}
            for name in names:
                # row count and a checksum of every row's full text, in a stable order
                cursor.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' '
                               f'ORDER BY t::text), \'\')) FROM "{name}" t')
                contents[name] = cursor.fetchone()
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences "
                           "WHERE schemaname = 'public' ORDER BY 1")
            sequences = dict(cursor.fetchall())
    finally:
        connection.close()
    return contents, sequences


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_pg_dump_and_pg_restore_give_back_the_same_data(tmp_path):
    pg.require_postgres()
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    suffix = free_port()
    source, restored = f"lscb_backup_src_{suffix}", f"lscb_backup_dst_{suffix}"
    host, port, user = pg.server()
    connection_args = ["--host", host, "--port", str(port), "--username", user, "--no-password"]
    try:
        pg.create_database(source, template=pg.migrated_template())
        pg.manage(pg.url(source), "load_demo", "--password", "backup-test-password-1")
        pg.manage(pg.url(source), "shell", "-c", EDITS)
        dump = tmp_path / "lscb.dump"
        subprocess.run(["pg_dump", *connection_args, "--format=custom", f"--file={dump}", source],
                       check=True, capture_output=True, timeout=120)
        pg.create_database(restored)  # empty, as on a new server
        subprocess.run(["pg_restore", *connection_args, "--no-owner", "--exit-on-error",
                        f"--dbname={restored}", str(dump)], check=True, capture_output=True,
                       timeout=120)

        before, sequences_before = tables(source)
        after, sequences_after = tables(restored)
        assert before.keys() == after.keys()
        for key in KEY_TABLES:
            assert before[key][0] > 0, f"{key} is empty: the test would prove nothing"
        assert before["actions_progressupdate"][0] > 10
        differ = [name for name in before if before[name] != after[name]]
        assert differ == [], f"restored tables differ: {differ}"
        # new records after a restore do not collide with restored ones
        assert sequences_after == sequences_before
        # and the app runs on the restored database as it is
        assert pg.manage(pg.url(restored), "shell", "-c", READ_BACK).split()[-1] == "1"
    finally:
        pg.drop_database(source)
        pg.drop_database(restored)
