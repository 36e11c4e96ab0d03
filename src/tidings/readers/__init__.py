"""Per-reader state: follows, read and starred marks, app passwords for feed reader apps.

Pages and APIs change this state only through these functions (``reader`` is an auth User,
``target`` a ``Source``, ``Hashtag`` or ``Story``, ``ids`` article ids):

``tidings.readers.services``
    Following: ``follow(reader, target) -> Follow`` (following twice changes nothing),
    ``unfollow(reader, target) -> bool``, ``is_following(reader, target) -> bool``,
    ``followed_sources(reader)``, ``followed_hashtags(reader)``, ``followed_stories(reader)``.

    Article querysets: ``reading_list(reader)`` (the followed sources' articles),
    ``starred_articles(reader)`` ("saved for later" on the pages), ``read_articles(reader)``;
    filters ``unread(articles, reader)`` and ``starred(articles, reader)``; expressions
    ``read_by(reader)`` and ``starred_by(reader)`` for ``filter``/``exclude``/``annotate``.

    Marks, each answering how many articles changed: ``mark_read(reader, ids)``,
    ``mark_unread(reader, ids)``, ``star(reader, ids)``, ``unstar(reader, ids)``,
    ``mark_all_read(reader, articles, older_than=None)`` (only what arrived before
    ``older_than``, so what came in after the reader looked stays unread).

    Counts and state: ``unread_counts(reader) -> {source_id: count}``,
    ``unread_by_source(reader) -> {source_id: Unread(count, newest)}``,
    ``states_of(reader, ids) -> {article_id: ArticleState}``.

``tidings.readers.app_passwords``
    ``create_app_password(reader, label) -> str`` (shown once; ValueError on a bad label),
    ``revoke_app_password(reader, app_password_id) -> bool``; a reader's passwords are
    ``reader.app_passwords`` (label, created_at, last_used). The APIs sign in with
    ``sign_in``, ``sign_in_fever``, ``sign_in_quickly`` and ``app_password_for_token``.

The APIs on them: Google Reader in ``readers.greader`` (``/api/greader``), Fever in
``readers.fever`` (``/api/fever/?api``), the reading part of Miniflux's in
``readers.miniflux`` (``/api/miniflux``).
"""
