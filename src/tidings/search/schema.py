"""The full-text index of the articles, inside the database, and the triggers that keep it.

Triggers on ``articles_article`` keep the index in step with every insert, edit and
delete, whoever makes it (the article store, a cascade from a deleted source, an admin's
edit, a bulk UPDATE), so no code path can forget it. What is indexed: the title, weighted
above the rest, and the article's text, or the feed's summary when there is no text, up to
``BODY_CHARACTERS`` (PostgreSQL refuses a tsvector over 1 MB, which would make the insert
of a huge article fail).

- SQLite: an FTS5 table, contentless (the text stays only in the article row), tokenised
  by ``porter unicode61 remove_diacritics 2``: words stemmed, accents folded.
- PostgreSQL: a table of one ``tsvector`` per article with a GIN index, made with the
  ``tidings_search`` configuration: the English stemmer after ``unaccent``.

``install`` creates what is missing (the migration calls it, and ``tidings reindex
--search`` repairs with it: SQLite drops a table's triggers when a later migration
rebuilds the table); ``rebuild`` indexes every article anew.
"""

from __future__ import annotations

BODY_CHARACTERS = 200_000
FTS_TABLE = "search_article_fts"
PG_TABLE = "search_article_text"
PG_CONFIG = "tidings_search"
TRIGGERS = {
    "sqlite": ("search_article_insert", "search_article_update", "search_article_delete"),
    "postgresql": ("search_article_row", "search_article_update", "search_article_truncate"),
}

_SQLITE_BODY = f"substr(CASE WHEN {{row}}.text <> '' THEN {{row}}.text ELSE {{row}}.summary END, 1, {BODY_CHARACTERS})"  # noqa: E501


def _sqlite_body(row: str) -> str:
    return _SQLITE_BODY.format(row=row)


SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, body, content='', tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_article_insert AFTER INSERT ON articles_article
    BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, {_sqlite_body("new")});
    END""",  # noqa: E501
    f"""CREATE TRIGGER IF NOT EXISTS search_article_update
    AFTER UPDATE OF title, text, summary ON articles_article
    WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.summary IS NOT new.summary
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
            VALUES ('delete', old.id, old.title, {_sqlite_body("old")});
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, {_sqlite_body("new")});
    END""",  # noqa: E501
    f"""CREATE TRIGGER IF NOT EXISTS search_article_delete AFTER DELETE ON articles_article
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
            VALUES ('delete', old.id, old.title, {_sqlite_body("old")});
    END""",
]
SQLITE_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS["sqlite"]),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
SQLITE_REBUILD = [
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')",
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) "
    f"SELECT id, title, {_sqlite_body('articles_article')} FROM articles_article",
]

PG_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = pg_catalog.english);
            ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION search_article_document(title text, text text, summary text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('{PG_CONFIG}', title), 'A')
            || setweight(to_tsvector('{PG_CONFIG}',
                left(CASE WHEN text <> '' THEN text ELSE summary END, {BODY_CHARACTERS})), 'B')
    $$""",
    f"""CREATE TABLE IF NOT EXISTS {PG_TABLE} (
        article_id bigint PRIMARY KEY, document tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_document ON {PG_TABLE} USING gin (document)",
    f"""CREATE OR REPLACE FUNCTION search_article_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {PG_TABLE};
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM {PG_TABLE} WHERE article_id = OLD.id;
        ELSE
            INSERT INTO {PG_TABLE} (article_id, document)
                VALUES (NEW.id, search_article_document(NEW.title, NEW.text, NEW.summary))
                ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS search_article_row ON articles_article",
    """CREATE TRIGGER search_article_row AFTER INSERT OR DELETE ON articles_article
        FOR EACH ROW EXECUTE FUNCTION search_article_changed()""",
    "DROP TRIGGER IF EXISTS search_article_update ON articles_article",
    """CREATE TRIGGER search_article_update AFTER UPDATE OF title, text, summary
        ON articles_article FOR EACH ROW
        WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text
              OR OLD.summary IS DISTINCT FROM NEW.summary)
        EXECUTE FUNCTION search_article_changed()""",
    "DROP TRIGGER IF EXISTS search_article_truncate ON articles_article",
    """CREATE TRIGGER search_article_truncate AFTER TRUNCATE ON articles_article
        FOR EACH STATEMENT EXECUTE FUNCTION search_article_changed()""",
]
PG_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name} ON articles_article" for name in TRIGGERS["postgresql"]),
    "DROP FUNCTION IF EXISTS search_article_changed()",
    f"DROP TABLE IF EXISTS {PG_TABLE}",
    "DROP FUNCTION IF EXISTS search_article_document(text, text, text)",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
]
# The GIN index is built once over the whole table, several times faster than row by row.
PG_REBUILD = [
    f"TRUNCATE {PG_TABLE}",
    f"DROP INDEX IF EXISTS {PG_TABLE}_document",
    f"""INSERT INTO {PG_TABLE} (article_id, document)
        SELECT id, search_article_document(title, text, summary) FROM articles_article""",
    f"CREATE INDEX {PG_TABLE}_document ON {PG_TABLE} USING gin (document)",
    f"ANALYZE {PG_TABLE}",
]


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    """Create the index and its triggers where they are missing."""
    _run(connection, SQLITE_INSTALL if connection.vendor == "sqlite" else PG_INSTALL)


def uninstall(connection) -> None:
    _run(connection, SQLITE_UNINSTALL if connection.vendor == "sqlite" else PG_UNINSTALL)


def rebuild(connection) -> None:
    """Index every article anew, in one transaction: one that fails leaves the index as it was."""
    from django.db import transaction

    install(connection)
    with transaction.atomic(using=connection.alias):
        _run(connection, SQLITE_REBUILD if connection.vendor == "sqlite" else PG_REBUILD)


def missing_triggers(connection) -> list[str]:
    """The index's triggers that the database lacks (none, when all is well)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'articles_article'::regclass"
            )
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in TRIGGERS[connection.vendor] if name not in present]
