"""The one host allow-list of every network LLM backend (issue 14 item 4)."""

from __future__ import annotations

import pytest

from pipeline.configs.pseudo_label import PseudoLabelConfig
from pipeline.llm import BackendConfigError, check_backend_config
from pipeline.llm.hosts import HostNotAllowed, check_host

ALLOWED_BY_DEFAULT = [
    "http://127.0.0.1:8000/v1", "http://127.9.9.9/v1", "http://localhost:8000/v1", "http://[::1]:8000/v1",
    "http://10.1.2.3/v1", "http://172.16.0.5/v1", "http://172.31.255.254/v1", "https://192.168.1.20/v1",
    "http://[fd12:3456:789a::1]:8000/v1", "http://[::ffff:10.0.0.8]/v1",
]

REFUSED_ALWAYS = [
    "http://169.254.169.254/latest/meta-data",  # cloud metadata
    "http://169.254.10.10/v1", "http://[fe80::1]/v1", "http://[fe80::1%25eth0]/v1",  # link-local
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/v1",  # Teredo
    "http://[2002:c000:0204::1]/v1",  # 6to4
    "http://[64:ff9b::a00:1]/v1", "http://[64:ff9b:1::1]/v1",  # NAT64 (even of a private IPv4)
    "http://198.18.0.1/v1", "http://[2001:2::1]/v1",  # benchmarking
    "http://192.0.2.1/v1", "http://198.51.100.7/v1", "http://203.0.113.9/v1", "http://[2001:db8::1]/v1",  # docs
    "http://100.64.0.1/v1",  # carrier-grade NAT
    "http://0.0.0.0:8000/v1", "http://[::]/v1", "http://224.0.0.1/v1",
    "http://[::ffff:169.254.169.254]/v1",  # metadata behind an IPv4-mapped IPv6 literal
]

PUBLIC_OR_UNLISTED = [
    "http://8.8.8.8/v1", "http://[2606:4700::1111]/v1", "https://api.openai.com/v1", "http://llm.chu.local/v1",
    "http://127.1/v1",  # inet_aton shorthand is not an address literal here: a name, and unlisted
    "http://0x7f000001/v1", "http://172.32.0.1/v1",
]


@pytest.mark.parametrize("url", ALLOWED_BY_DEFAULT)
def test_loopback_and_private_ranges_pass_by_default(url):
    assert check_host(url)


@pytest.mark.parametrize("url", REFUSED_ALWAYS)
def test_tunnels_metadata_and_reserved_ranges_are_refused_even_when_listed(url):
    with pytest.raises(HostNotAllowed, match="refused range"):
        check_host(url, allowed_hosts=["::/0", "0.0.0.0/0"])


@pytest.mark.parametrize("url", PUBLIC_OR_UNLISTED)
def test_public_addresses_and_unlisted_names_are_refused(url):
    with pytest.raises(HostNotAllowed):
        check_host(url)


def test_a_named_host_or_a_network_is_added_by_config():
    assert check_host("https://llm.chu.local:8443/v1", allowed_hosts=["LLM.chu.local"]) == "llm.chu.local"
    assert check_host("http://8.8.8.8/v1", allowed_hosts=["8.8.8.0/24"]) == "8.8.8.8"
    with pytest.raises(HostNotAllowed):
        check_host("http://10.0.0.1/v1", allow_private=False)
    with pytest.raises(HostNotAllowed):
        check_host("ftp://127.0.0.1/v1")


def test_stage_config_is_checked_before_any_connection():
    cfg = PseudoLabelConfig(backend="openai", model="m", openai={"base_url": "http://169.254.169.254/v1"})
    with pytest.raises(BackendConfigError, match="structure_reports.openai.allowed_hosts|refused range"):
        check_backend_config(cfg, "structure_reports")
    named = PseudoLabelConfig(backend="openai", model="m", openai={"base_url": "http://gpu01.chu/v1"})
    with pytest.raises(BackendConfigError, match="structure_reports.openai.allowed_hosts"):
        check_backend_config(named, "structure_reports")
    check_backend_config(named.model_copy(update={"openai": named.openai.model_copy(
        update={"allowed_hosts": ["gpu01.chu"]})}), "structure_reports")
