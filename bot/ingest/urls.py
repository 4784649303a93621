"""Canonical article URLs, so one article reached through different links is stored once."""

from __future__ import annotations

import hashlib
import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.errors import UnsafeURLError

# Query parameters that only say where a click came from, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "ito",
        "at_medium",
        "at_campaign",
        "guccounter",
        "smid",
        "ref_src",
        "spm",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Normalise ``url``: lower-case scheme and host, no default port, no fragment, no tracking
    parameters, remaining query parameters sorted. Anything unparsable is returned stripped."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if not scheme or not host:
        return url
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username:  # credentials in a feed link are kept, not guessed about
        userinfo = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{userinfo}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query.sort()
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def url_hash(url: str) -> str:
    """sha256 hex of the canonical form of ``url`` (``Article.url_hash``)."""
    return canonical_hash(canonical_url(url))


def canonical_hash(canonical: str) -> str:
    """sha256 hex of a URL already in canonical form."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def host_key(url: str) -> str:
    """The host politeness limits are counted per (lower-case, without port)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def check_url_syntax(url: str) -> str:
    """Return ``url`` stripped if it is an absolute http(s) URL with a host, else raise
    :class:`UnsafeURLError`. Private addresses are checked when fetching (see bot.ingest.http)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise UnsafeURLError(f"not a valid URL: {url!r}") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURLError(f"only http:// and https:// URLs can be fetched, not {url!r}")
    if not parts.hostname:
        raise UnsafeURLError(f"URL has no host: {url!r}")
    return url


# Ranges ``is_global`` still calls global on Python 3.11 but that reach private networks: 6to4
# and the deprecated IPv4-compatible and site-local forms (each can carry an internal address),
# local-use NAT64, and shared address space (carrier-grade NAT, where some cloud metadata lives).
_NEVER_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in ("2002::/16", "::/96", "fec0::/10", "64:ff9b:1::/48", "100.64.0.0/10", "192.0.0.0/24")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_ip(address: str) -> bool:
    """True when ``address`` is globally routable unicast (``ipaddress``'s ``is_global``, with the
    IPv4 address inside IPv4-mapped and NAT64 forms checked too)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip.version == net.version and ip in net for net in _NEVER_PUBLIC):
        return False
    return ip.is_global and not ip.is_multicast
