import pytest

from lscb.models import Role

from . import factories as f
from . import otp
from .fake_pdf import FakeHTML


@pytest.fixture
def board(db):
    return f.make_board("north", name="North LSCB", short_name="North LSCB")


@pytest.fixture
def other_board(db):
    return f.make_board("south", name="South LSCB", short_name="South LSCB")


@pytest.fixture
def groups(board):
    """Two subgroups: the chair leads ``own``, not ``other``."""
    return {
        "own": f.make_subgroup(board, "Learning and Improvement", slug="learning"),
        "other": f.make_subgroup(board, "Case Review Group", slug="case-review"),
    }


@pytest.fixture
def plan(board):
    return f.make_plan(board, slug="plan")


@pytest.fixture
def theme(plan):
    return f.make_theme(plan, "1", "Leadership and Governance")


@pytest.fixture
def own_action(theme, groups):
    return f.make_action(theme, "1.1", owners=[groups["own"]])


@pytest.fixture
def other_action(theme, groups):
    return f.make_action(theme, "1.2", owners=[groups["other"]])


@pytest.fixture
def users(board, other_board, groups):
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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files and stored papers go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
