"""The migration that makes display names and addresses unique keeps every account."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("comments", "0003_article_moved_to_articles")]
AFTER = [("comments", "0004_unique_names_and_addresses_pending_signups")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_repeated_names_get_numbers_and_repeated_addresses_stay_with_the_last_active(
    transactional_db,
):
    apps = migrate(BEFORE)
    User, Profile = apps.get_model("auth", "User"), apps.get_model("comments", "Profile")
    rows = [
        ("first", "Ada", "ada@example.org", None),
        ("second", "ADA", "Ada@Example.org", "2026-01-02T00:00:00Z"),
        ("third", "ada", "ada@example.org", "2026-01-01T00:00:00Z"),
    ]
    for username, name, email, last_login in rows:
        user = User.objects.create(username=username, email=email, last_login=last_login)
        Profile.objects.create(user=user, display_name=name)

    apps = migrate(AFTER)
    User, Profile = apps.get_model("auth", "User"), apps.get_model("comments", "Profile")
    names = dict(Profile.objects.values_list("user__username", "display_name"))
    assert names == {"first": "Ada", "second": "ADA 2", "third": "ada 3"}
    emails = dict(User.objects.values_list("username", "email"))
    assert emails == {"first": "", "second": "Ada@Example.org", "third": ""}
