"""What the HTTP edge hands to the rest of the pipeline: a response, or an error as data."""

from __future__ import annotations

from dataclasses import dataclass, field

from tidings.fetch.addresses import PrivateNetworks


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how safely to fetch; built from settings by the caller."""

    user_agent: str
    # Non-public networks that may be reached; the public internet always may.
    private_networks: PrivateNetworks = PrivateNetworks()
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    host_concurrency: int = 2
    # Offline, only this machine is fetched: everything else fails at once, with no DNS
    # lookup or connection attempt (the demo runs so, with no internet).
    offline: bool = False

    @classmethod
    def from_config(cls, config: dict) -> FetchPolicy:
        """The policy the operator configured (Django's ``settings.TIDINGS``)."""
        return cls(
            user_agent=config["USER_AGENT"],
            private_networks=config["ALLOW_PRIVATE_NETWORKS"],
            read_timeout=float(config["FETCH_TIMEOUT"]),
            max_bytes=config["MAX_BYTES"],
            host_concurrency=config["HOST_CONCURRENCY"],
            offline=config["OFFLINE"],
        )


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int  # 200, or 304 when the conditional GET says nothing changed
    body: bytes  # decompressed; empty on 304
    content_type: str  # "application/rss+xml", lower case, without parameters
    charset: str | None  # from the Content-Type header, if it named one
    etag: str | None
    last_modified: str | None
    elapsed_ms: int
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that failed, in words a person can act on.

    ``code`` is short and stable ("http_404", "timeout", "too_large", "private_address",
    "redirect_loop", "dns", "connect", "tls", "bad_scheme", "robots_disallowed",
    "rate_limited", "bad_response", "bad_url", "too_many_redirects", "not_an_image",
    "offline"); ``message`` says what happened.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.url = url

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
