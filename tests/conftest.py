"""Standing test users: an owner (programme manager), a read-only member (observer),
an outsider, and an adviser for another county; plus an adviser for the programme's
own county."""

from datetime import date

import pytest

from videreforing.accounts.models import AdviserAssignment, ApiToken, Membership, User
from videreforing.accounts.roles import Role
from videreforing.programmes import services

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, **extra) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


@pytest.fixture
def owner(db):
    return make_user("alice@example.com", first_name="Alice", last_name="Eier")


@pytest.fixture
def reader(db):
    return make_user("bob@example.com", first_name="Bob", last_name="Leser")


@pytest.fixture
def outsider(db):
    return make_user("charlie@example.com", first_name="Charlie")


@pytest.fixture
def other_adviser(db):
    user = make_user("dina@example.com", first_name="Dina")
    AdviserAssignment.objects.create(user=user, county_id="03")  # Oslo, not Nordland
    return user


@pytest.fixture
def adviser(db):
    user = make_user("erik@example.com", first_name="Erik")
    AdviserAssignment.objects.create(user=user, county_id="18")  # Nordland
    return user


@pytest.fixture
def programme(owner, reader):
    programme = services.create_programme(
        user=owner, name="Omstilling Meløy", municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31),
    )
    Membership.objects.create(programme=programme, user=reader, role=Role.OBSERVER)
    return programme


@pytest.fixture
def token_for():
    def issue(user) -> dict:
        _token, raw = ApiToken.issue(user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once in tests (the database worker in production)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    """Uploaded files go to a temporary directory, never to var/ of the checkout."""
    root = tmp_path / "attachments"
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": root, "base_url": None}}}
    return root
