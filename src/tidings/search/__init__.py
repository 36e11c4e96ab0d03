"""Search: full-text indexes of the database itself, ranked with recency, and where the
``ml`` extra is installed, matches by meaning from the stored embeddings.

- ``query``: the reader's websearch-style words parsed once, then written out as a safe
  FTS5 MATCH expression (SQLite) or a normalised websearch string (PostgreSQL). Pure.
- ``snippets``: the passage of an article that shows the matched words, highlighted. Pure.
- ``ranking``: relevance and recency blended into one score, one result per story. Pure.
- ``schema``: the index tables and the triggers that keep them in step with Article rows.
- ``lexical`` and ``semantic``: the candidates each kind of match finds in the database.
- ``service``: one search, as the page and the API ask for it.
"""
