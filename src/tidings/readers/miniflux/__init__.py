"""The part of the Miniflux API that feed reader apps use, under /api/miniflux/v1/
(give an app ``<site>/api/miniflux`` as its Miniflux server; /api/v1/ is tidings' own API).

Sign in with HTTP Basic: user name and an app password. Feeds are the followed sources in
one category; entries are their articles. Only what reading needs is here: no feed is
created, changed or deleted through it (the site's operator keeps the sources).
"""
