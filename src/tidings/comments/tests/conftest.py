import pytest


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """The comment tests make readers by the dozen; a slow hash is for attackers, not for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_reader(db):
    """A reader account with a profile, made through the same service signup uses."""
    made = iter(range(1, 1_000_000))

    def make(*, username=None, display_name=None, password="a-long-enough-secret-9", **fields):
        from django.contrib.auth.hashers import make_password

        from tidings.comments.accounts import create_account

        number = next(made)
        user = create_account(
            username=username or f"reader{number}",
            display_name=display_name or f"Reader {number}",
            email=f"reader{number}@example.org",
            password_hash=make_password(password),
        )
        for name, value in fields.items():
            setattr(user, name, value)
        if fields:
            user.save()
        return user

    return make


@pytest.fixture
def moderator(make_reader):
    return make_reader(username="mod", display_name="Mod", is_staff=True)
