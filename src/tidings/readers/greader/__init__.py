"""The Google Reader API, in the dialect FreshRSS and Miniflux serve, under /api/greader/.

A client is given ``<site>/api/greader`` as its server and signs in with an app password
(``accounts/ClientLogin``); everything else is under ``reader/api/0/`` plus the older Atom
streams under ``reader/atom/``. Subscriptions are the reader's followed sources: a reader
chooses among the site's sources and never adds a feed to the site this way.
"""
