"""Throwaway PostgreSQL databases for tests that need a real server beside the test
database: the fault tests (a live server whose database is cut) and the backup test
(pg_dump/pg_restore).

The server is the one in ``DATABASE_URL`` when that is PostgreSQL, else
127.0.0.1:5432 as user postgres. Tests skip when it cannot be reached. A migrated
template database (``lscb_fault_template_<hash of every migration>``) is built once,
under an advisory lock, and cloned for each test: migrating from scratch takes far
longer than a test should.
"""

import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import django
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PREFIX = "lscb_fault_template_"
LOCK_KEY = 734_2015  # pg_advisory_lock key while a template is built


def server():
    """(host, port, user) of the PostgreSQL server to use."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "postgres"
    return "127.0.0.1", 5432, "postgres"


def url(name, port=None, **options):
    host, real_port, user = server()
    query = "&".join(f"{key}={quote(str(value))}" for key, value in options.items())
    return f"postgres://{user}@{host}:{port or real_port}/{name}" + (f"?{query}" if query else "")


def connect(name="postgres"):
    import psycopg2

    host, port, user = server()
    password = urlsplit(os.environ.get("DATABASE_URL", "")).password
    connection = psycopg2.connect(host=host, port=port, user=user, password=password,
                                  dbname=name, connect_timeout=3)
    connection.autocommit = True
    return connection


def require_postgres():
    """Skips the test unless the PostgreSQL server answers and lets us create databases."""
    try:
        import psycopg2
    except ImportError:
        pytest.skip("psycopg2 is not installed")
    host, port, _ = server()
    try:
        with connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
            can_create = cursor.fetchone()[0]
        connection.close()
    except psycopg2.Error as error:
        pytest.skip(f"PostgreSQL is not reachable at {host}:{port}: {str(error).strip()}")
    if not can_create:
        pytest.skip("the PostgreSQL user cannot create databases")


def scalar(name, sql, params=()):
    connection = connect(name)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    finally:
        connection.close()


def subprocess_env(database_url, **extra):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update(DJANGO_SETTINGS_MODULE="lscb.settings", DATABASE_URL=database_url,
               PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING", **extra)
    return env


def manage(database_url, *args, timeout=180, **env):
    """Runs ``manage.py`` against a database; returns its stdout."""
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT,
                            env=subprocess_env(database_url, **env), capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"
    return result.stdout


def migrations_hash():
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.name):
        spec = importlib.util.find_spec(f"{config.name}.migrations")
        if spec is None or not spec.submodule_search_locations:
            continue
        for path in sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.py")):
            digest.update(f"{config.name}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def migrated_template():
    """The name of a fully migrated template database, built if missing."""
    name = TEMPLATE_PREFIX + migrations_hash()
    connection = connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            try:
                if not _exists(cursor, name):
                    building = f"{name}_building"
                    cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                    cursor.execute(f'CREATE DATABASE "{building}"')
                    cursor.execute(f'ALTER DATABASE "{building}" SET synchronous_commit = off')
                    manage(url(building), "migrate", "--no-input", "-v0")
                    cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
                    # templates for migrations that no longer exist
                    cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s "
                                   "AND datname <> %s", [TEMPLATE_PREFIX + "%", name])
                    for (old,) in cursor.fetchall():
                        cursor.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    finally:
        connection.close()
    return name


def create_database(name, template=None):
    """A fresh database (a copy of ``template`` if given); any old one of that name goes."""
    connection = connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            cursor.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        connection.close()
    return name


def drop_database(name):
    connection = connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()
