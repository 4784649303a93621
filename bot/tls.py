"""The process's TLS client context, built once: building one loads the whole CA bundle (tens of
milliseconds each time), and the bot builds HTTP clients at every start and every test.

Callers that need another context (tests with their own CA) pass theirs instead of this one.
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def default_context() -> ssl.SSLContext:
    """httpx's default verifying context (certifi's CAs, or SSL_CERT_FILE / SSL_CERT_DIR).

    Shared by every client of the process. httpcore sets the ALPN protocol list on the context of
    each new connection; every client here speaks HTTP/1.1 only, so they all set the same list. A
    client speaking HTTP/2 would need a context of its own.
    """
    return httpx.create_ssl_context()
