import contextlib

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from lscb.models import Role

from . import factories as f
from . import otp, template_db
from .fake_pdf import FakeHTML

# The records most tests start from, as plain functions: the fixtures below make them for
# each test; tests/shared.py makes them once for a whole module.

def north_board():
    return f.make_board("north", name="North LSCB", short_name="North LSCB")


def south_board():
    return f.make_board("south", name="South LSCB", short_name="South LSCB")


def make_groups(board):
    """Two subgroups: the chair leads ``own``, not ``other``."""
    return {
        "own": f.make_subgroup(board, "Learning and Improvement", slug="learning"),
        "other": f.make_subgroup(board, "Case Review Group", slug="case-review"),
    }


def make_users(board, other_board, groups):
    """One user per role, plus a manager of another board."""
    chair = f.make_user("chair", board, Role.CHAIR)
    groups["own"].leads.add(chair)
    other_chair = f.make_user("otherchair", board, Role.CHAIR)
    groups["other"].leads.add(other_chair)
    return {
        "manager": f.make_user("manager", board, Role.MANAGER),
        "chair": chair,
        "other_chair": other_chair,
        "viewer": f.make_user("viewer", board, Role.VIEWER),
        "outsider": f.make_user("outsider", other_board, Role.MANAGER),
    }


# --- the test database: a copy of a migrated one (tests/template_db.py) -----------------------

@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    from django.conf import settings

    template_db.use_postgres_template(settings.DATABASES["default"])


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations,
                    django_db_keepdb, django_db_createdb, django_db_modify_db_settings):
    """pytest-django's set-up (and tear-down) of the test databases, with ``migrate``
    starting from the saved copy of a migrated database."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    options = {}
    if not django_db_use_migrations:
        _disable_migrations()
    if django_db_keepdb and not django_db_createdb:
        options["keepdb"] = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    copying = template_db.migrated_from_template() if django_db_use_migrations else (
        contextlib.nullcontext())
    with django_db_blocker.unblock(), copying:
        config = setup_databases(verbosity=request.config.option.verbose, interactive=False,
                                 aliases=aliases, serialized_aliases=serialized_aliases, **options)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=request.config.option.verbose)


# --- records built once for a whole module ----------------------------------------------------

@pytest.fixture(scope="module")
def shared_world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The records below (board, other_board, groups, plan, theme, own_action, users), built
    once for a module that opts in with ``pytestmark = pytest.mark.usefixtures("shared_world")``
    for tests that only read them (or change them inside their own savepoint), plus what the
    module's ``build_shared(world)`` adds. They are written in a transaction rolled back when
    the module ends; each test still runs in its own savepoint inside it (``db``), so what one
    test writes the next does not see. Uploaded files go to one folder for the module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media),
                                                           PASSWORD_HASHERS=FAST_HASHERS):
            board, other_board = north_board(), south_board()
            groups = make_groups(board)
            plan = f.make_plan(board, slug="plan")
            theme = f.make_theme(plan, "1", "Leadership and Governance")
            world = {"media": media, "board": board, "other_board": other_board,
                     "groups": groups, "plan": plan, "theme": theme,
                     "own_action": f.make_action(theme, "1.1", owners=[groups["own"]]),
                     "users": make_users(board, other_board, groups)}
            build = getattr(request.module, "build_shared", None)
            if build is not None:
                world.update(build(world))
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def shared(request, name):
    """``name`` from the module's shared world, or None when the module has none."""
    if "shared_world" not in request.fixturenames:
        return None
    return request.getfixturevalue("shared_world")[name]


# --- records made for each test -------------------------------------------------------------

@pytest.fixture
def board(request, db):
    return shared(request, "board") or north_board()


@pytest.fixture
def other_board(request, db):
    return shared(request, "other_board") or south_board()


@pytest.fixture
def groups(request, board):
    return shared(request, "groups") or make_groups(board)


@pytest.fixture
def plan(request, board):
    return shared(request, "plan") or f.make_plan(board, slug="plan")


@pytest.fixture
def theme(request, plan):
    return shared(request, "theme") or f.make_theme(plan, "1", "Leadership and Governance")


@pytest.fixture
def own_action(request, theme, groups):
    return shared(request, "own_action") or f.make_action(theme, "1.1", owners=[groups["own"]])


@pytest.fixture
def other_action(theme, groups):
    return f.make_action(theme, "1.2", owners=[groups["other"]])


@pytest.fixture
def users(request, board, other_board, groups):
    return shared(request, "users") or make_users(board, other_board, groups)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def two_factor_verified_logins(monkeypatch):
    """``client.force_login`` gives managers, chairs and administrators a confirmed
    authenticator and a session confirmed with it, as after a real two-factor sign-in.
    Use ``unverified_login`` for a password-only session."""
    monkeypatch.setattr("django.test.client.Client.force_login", otp.verified_force_login)


@pytest.fixture
def unverified_login(client):
    """Signs in with the password only: the session is not two-factor confirmed."""
    def _login(user):
        otp.ORIGINAL_FORCE_LOGIN(client, user)
        return client

    return _login


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def private_media(request, settings, tmp_path):
    """Uploaded files and stored papers go to a throwaway folder."""
    settings.MEDIA_ROOT = shared(request, "media") or tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """No test sees bodies another test kept (their boards may share ids and data versions)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background jobs run at once in tests (the worker is tested separately)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fast_fake_pdf_renderer(request, monkeypatch):
    """WeasyPrint's layout is replaced by tests/fake_pdf.py (a real PDF carrying the
    paper's text, made in milliseconds) except in tests marked ``real_pdf``."""
    if request.node.get_closest_marker("real_pdf") is None:
        monkeypatch.setattr("weasyprint.HTML", FakeHTML)


@pytest.fixture
def plan_through_today(plan):
    """The shared plan (2015-18) stretched to the current financial year, so that an update
    dated today lies within the plan's period (see actions/dating.py)."""
    from lscb.fiscal import financial_year_of

    plan.end_year = max(plan.end_year, financial_year_of(timezone.localdate()))
    plan.save()
    return plan
