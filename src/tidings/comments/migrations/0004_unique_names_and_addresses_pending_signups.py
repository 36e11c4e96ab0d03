"""Display names and e-mail addresses become unique, whatever their case; pending sign-ups.

Rows that already share a name or an address are made unique first:

- a repeated display name gets a number ("Ada", "ada 2", "ADA 3"), the oldest profile
  keeping it as it was;
- a repeated e-mail address stays on the account that logged in last (the one most likely
  its owner's) and is cleared on the others, which can no longer reset their password by
  mail until they or an admin give them an address of their own.

auth.User is Django's model, so its address gets a unique index on lower(email) here,
for every address but the empty one.
"""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Lower

MAX_NAME = 60
EMAIL_INDEX = "auth_user_email_lower_unique"


def number_repeated_display_names(apps, schema_editor):
    Profile = apps.get_model("comments", "Profile")
    taken = set()
    for profile in Profile.objects.order_by("id"):
        name, number = profile.display_name, 1
        while name.lower() in taken:
            number += 1
            suffix = f" {number}"
            name = profile.display_name[: MAX_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        if name != profile.display_name:
            profile.display_name = name
            profile.save(update_fields=["display_name"])


def clear_repeated_addresses(apps, schema_editor):
    User = apps.get_model("auth", "User")
    kept = set()
    users = User.objects.exclude(email="").order_by(
        F("last_login").desc(nulls_last=True), "id"
    )
    for user in users:
        address = user.email.lower()
        if address in kept:
            user.email = ""
            user.save(update_fields=["email"])
        else:
            kept.add(address)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("comments", "0003_article_moved_to_articles"),
    ]

    operations = [
        migrations.RunPython(number_repeated_display_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="profile",
            constraint=models.UniqueConstraint(Lower("display_name"), name="unique_display_name"),
        ),
        migrations.RunPython(clear_repeated_addresses, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {EMAIL_INDEX} ON auth_user (LOWER(email)) WHERE email <> ''",
            f"DROP INDEX {EMAIL_INDEX}",
        ),
        migrations.CreateModel(
            name="PendingSignup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("username", models.CharField(max_length=150)),
                ("display_name", models.CharField(max_length=60)),
                ("email", models.EmailField(max_length=254)),
                ("password", models.CharField(help_text="The password's hash, as on User.", max_length=128)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
        ),
    ]
