import pytest


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """The comment tests make readers by the dozen; a slow hash is for attackers, not for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator(make_reader):
    return make_reader(username="mod", display_name="Mod", is_staff=True)
