"""Canonical article URLs: one address per article, whatever link a feed used."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that say how a reader arrived, never which article they read.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "ref_src",
        "cmpid",
        "ncid",
        "ocid",
        "sr_share",
        "smid",
        "smtyp",
        "at_medium",
        "at_campaign",
        "icid",
        "ito",
        "xtor",
    }
)
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_", "oly_", "vero_")


def canonical_url(url: str, declared: str | None = None) -> str:
    """The address that names an article: the page's own ``rel=canonical`` when it points
    at the same site (a page cannot claim another site's article), else ``url``, either
    way without tracking parameters, fragment, default port or host case."""
    chosen = url
    if declared and same_site(url, declared):
        chosen = declared
    return clean_url(chosen)


def clean_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_parameter(key)
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def same_site(first: str, second: str) -> bool:
    """Whether two URLs belong to one site: equal hosts, or one a subdomain of the other."""
    a = (urlsplit(first).hostname or "").lower()
    b = (urlsplit(second).hostname or "").lower()
    if not a or not b or urlsplit(second).scheme not in {"http", "https"}:
        return False
    return a == b or a.endswith("." + b) or b.endswith("." + a)
