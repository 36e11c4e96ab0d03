"""The Fever API at /api/fever/?api, for the apps that speak it (Reeder, Unread, ...).

Every request carries ``api_key`` = md5("username:app password"). Subscriptions are the
reader's followed sources, all in one group ("Followed sources", id 1); items are the
articles of those sources, ids being article ids. Answers are JSON only (``api=xml`` is
answered in JSON too); no favicons or hot links are kept, so those lists are empty.
"""
