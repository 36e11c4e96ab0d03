"""TIDINGS_ALLOW_PRIVATE_NETWORKS allows networks by name: what each value lets through."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tidings.config import ConfigError, env_private_networks
from tidings.fetch import FetchError, fetch, parse_private_networks

LOCAL = parse_private_networks("1")


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.1.2.3", "172.20.0.5", "192.168.1.1"])
def test_1_allows_loopback_and_private_ranges(address):
    assert LOCAL.permits("intranet", address)


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",  # AWS, GCP, Azure metadata
        "169.254.1.1",
        "fe80::1",
        "fd00:ec2::254",  # AWS's IPv6 metadata, inside fc00::/7
        "100.100.100.200",  # Alibaba's metadata
        "::ffff:169.254.169.254",
        "100.64.0.1",  # carrier NAT is no private range of this site's
        "0.0.0.0",
    ],
)
def test_1_still_refuses_link_local_and_metadata_addresses(address):
    assert not LOCAL.permits("metadata", address)


def test_a_broad_range_does_not_reach_metadata_but_naming_it_does():
    assert not parse_private_networks("0.0.0.0/0,::/0").permits("m", "169.254.169.254")
    assert not parse_private_networks("fc00::/7").permits("m", "fd00:ec2::254")
    assert parse_private_networks("169.254.169.254").permits("m", "169.254.169.254")
    assert parse_private_networks("fd00:ec2::254/128").permits("m", "fd00:ec2::254")


def test_a_list_allows_only_what_it_names():
    allowed = parse_private_networks("10.2.0.0/16, feeds.intranet")
    assert allowed.permits("anything", "10.2.9.9")
    assert not allowed.permits("anything", "10.3.0.1")
    assert not allowed.permits("anything", "127.0.0.1")
    assert allowed.permits("FEEDS.intranet", "192.168.7.7")  # the named host, wherever it is
    assert not allowed.permits("feeds.intranet", "169.254.169.254")
    assert allowed.permits("example.org", "93.184.215.14")  # the public internet, always


@pytest.mark.parametrize("value", ["", "0", "off"])
def test_nothing_private_by_default(value):
    assert not parse_private_networks(value).permits("localhost", "127.0.0.1")


@pytest.mark.parametrize("value", ["10.0.0.0/33", "1,10.0.0.0/8", "not a host!", "a..b"])
def test_nonsense_is_refused_at_start_up(monkeypatch, value):
    monkeypatch.setenv("TIDINGS_ALLOW_PRIVATE_NETWORKS", value)
    with pytest.raises(ConfigError, match="TIDINGS_ALLOW_PRIVATE_NETWORKS"):
        env_private_networks("TIDINGS_ALLOW_PRIVATE_NETWORKS")


def test_a_refusal_names_the_setting_that_would_allow_it(feed_server, policy):
    only_elsewhere = replace(policy, private_networks=parse_private_networks("10.0.0.0/8"))
    with pytest.raises(FetchError) as caught:
        fetch(feed_server.url("fetch/testdata/feed.rss"), only_elsewhere)
    assert caught.value.code == "private_address"
    assert "add 127.0.0.1" in caught.value.message
    assert "TIDINGS_ALLOW_PRIVATE_NETWORKS" in caught.value.message
