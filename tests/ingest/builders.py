"""Feed documents for the ingestion tests (all text written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


def item(
    n: int,
    *,
    base: str = "http://news.test",
    guid: bool = True,
    link: str | None = None,
    title: str | None = None,
    description: str | None = None,
    content: str | None = None,
    published: datetime | None = None,
) -> str:
    parts = [f"<title>{escape(title or f'Harbour report number {n}')}</title>"]
    parts.append(f"<link>{escape(link or f'{base}/story/{n}')}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">story-{n}</guid>')
    if published is not None:
        parts.append(f"<pubDate>{format_datetime(published)}</pubDate>")
    parts.append(f"<description>{escape(description or f'Short note {n} about the harbour.')}</description>")
    if content is not None:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


def rss(items: list[str] | str, *, title: str = "Harbour News", ttl: int | None = None) -> bytes:
    body = items if isinstance(items, str) else "".join(items)
    ttl_xml = f"<ttl>{ttl}</ttl>" if ttl is not None else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>http://news.test/</link>{ttl_xml}{body}</channel></rss>"
    ).encode()


def atom_entry(n: int, *, updated: datetime) -> str:
    return (
        f'<entry><id>urn:test:{n}</id><title type="html">Atom &lt;em&gt;story&lt;/em&gt; {n}</title>'
        f'<link rel="alternate" href="http://atom.test/s/{n}"/><updated>{updated.isoformat()}</updated>'
        f"<summary>Atom summary {n}</summary></entry>"
    )


def atom(entries: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Test</title><id>urn:test:feed</id><updated>2026-01-01T00:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def billion_laughs(levels: int = 10) -> bytes:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        decls.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(decls) + "\n]>\n"
        f'<rss version="2.0"><channel><title>Bomb</title><item><title>&lol{levels - 1};</title>'
        "<link>http://bomb.test/1</link></item></channel></rss>"
    ).encode()


def quadratic_blowup(size: int = 50_000, refs: int = 20_000) -> bytes:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY big "' + "x" * size + '">]>\n'
        '<rss version="2.0"><channel><title>Bomb</title><item><title>'
        + "&big;" * refs
        + "</title><link>http://bomb.test/1</link></item></channel></rss>"
    ).encode()


NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
