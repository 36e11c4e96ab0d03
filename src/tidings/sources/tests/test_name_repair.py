"""Names stored before the parser unescaped JSON-escaped slashes are repaired by a migration."""

import importlib

from django.apps import apps

repair = importlib.import_module("tidings.sources.migrations.0003_repair_escaped_names").repair


def test_names_with_escaped_slashes_are_repaired(make_source):
    escaped = make_source(name="24\\/7 Wall St.")
    plain = make_source(name="AC/DC Fans")
    repair(apps, None)
    escaped.refresh_from_db()
    plain.refresh_from_db()
    assert (escaped.name, plain.name) == ("24/7 Wall St.", "AC/DC Fans")
