"""Per-reader state: follows, read and starred marks, app passwords for feed reader apps.

Pages and APIs change this state only through these functions (``reader`` is an auth User,
``target`` a ``Source``, ``Hashtag`` or ``Story``, ids are article ids):

``tidings.readers.services``
    ``follow(reader, target) -> Follow`` (idempotent), ``unfollow(reader, target) -> bool``,
    ``is_following(reader, target) -> bool``,
    ``followed_sources(reader)``, ``followed_hashtags(reader)``, ``followed_stories(reader)``
    (querysets), ``reading_list(reader)`` (articles of the followed sources),
    ``mark_read(reader, ids)``, ``mark_unread(reader, ids)``, ``star(reader, ids)``,
    ``unstar(reader, ids)`` (each answers how many articles changed; "starred" is what the
    pages call "saved for later"), ``mark_all_read(reader, articles_queryset, older_than=None)``,
    ``unread_counts(reader) -> {source_id: unread}``, ``states_of(reader, ids) ->
    {article_id: ArticleState}``, and the query expressions ``read_by(reader)`` and
    ``starred_by(reader)`` with the filters ``unread(articles, reader)`` and
    ``starred(articles, reader)``.

``tidings.readers.app_passwords``
    ``create_app_password(reader, label) -> str`` (shown once; ValueError on a bad label),
    ``revoke_app_password(reader, app_password_id) -> bool``; the APIs sign in with
    ``sign_in``, ``sign_in_fever`` and ``app_password_for_token``.

The Google Reader API lives in ``readers.greader`` (``/api/greader/``), the Fever API in
``readers.fever`` (``/api/fever/``).
"""
