"""Stage 2, the HTTP edge: fetch feeds, pages, robots.txt and images, politely and safely."""

from tidings.fetch.addresses import PrivateNetworks, parse_private_networks
from tidings.fetch.connection import host_slot
from tidings.fetch.http import fetch
from tidings.fetch.images import fetch_image
from tidings.fetch.robots import RobotsCache
from tidings.fetch.types import FetchError, FetchPolicy, FetchResult

__all__ = [
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "PrivateNetworks",
    "RobotsCache",
    "fetch",
    "fetch_image",
    "host_slot",
    "parse_private_networks",
]
