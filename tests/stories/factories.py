"""Articles with detection rows, inserted directly (the detector is not under test here)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.detect.model import ArticleInput
from bot.storage.models import Article, ClaimRow, DenialRow


@dataclass(frozen=True)
class C:
    """A claim: the sentence must occur in the article's document."""

    sentence: str
    figure_text: str
    value: float | None
    counted: str
    claimant: str | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class D:
    sentence: str
    denier: str
    cue: str


async def add_article(
    session: AsyncSession,
    title: str,
    text: str,
    published_at: datetime,
    claims: tuple[C, ...] = (),
    denials: tuple[D, ...] = (),
) -> Article:
    url = "https://news.example/" + hashlib.sha256((title + text).encode()).hexdigest()[:12]
    article = Article(
        url=url,
        url_hash=hashlib.sha256(url.encode()).hexdigest(),
        title=title,
        text=text,
        published_at=published_at,
        fetched_at=published_at,
        processed=True,
    )
    session.add(article)
    await session.flush()
    document = ArticleInput(str(article.id), title, text).document
    for c in claims:
        start = document.index(c.sentence)
        session.add(
            ClaimRow(
                article_id=article.id,
                value=c.value,
                low=c.low if c.low is not None else c.value,
                high=c.high if c.high is not None else c.value,
                figure_text=c.figure_text,
                counted=c.counted,
                claimant=c.claimant,
                sentence=c.sentence,
                sentence_start=start,
                sentence_end=start + len(c.sentence),
            )
        )
    for d in denials:
        start = document.index(d.sentence)
        session.add(
            DenialRow(
                article_id=article.id,
                denier=d.denier,
                cue=d.cue,
                sentence=d.sentence,
                sentence_start=start,
                sentence_end=start + len(d.sentence),
            )
        )
    await session.flush()
    return article
