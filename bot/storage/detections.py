"""Store what the detector found in one article: claims, denials and disputes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.detect.model import Claim, Denial, Detection, Dispute
from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow


@dataclass(frozen=True, slots=True)
class StoredDetection:
    """The rows written for one article (all of them, also on a repeated call)."""

    article_id: int
    claims: tuple[ClaimRow, ...] = ()
    denials: tuple[DenialRow, ...] = ()
    disputes: tuple[DisputeRow, ...] = ()
    new_disputes: tuple[DisputeRow, ...] = ()  # disputes this call created


def dispute_fingerprint(article: Article, dispute: Dispute) -> str:
    """Stable id of a dispute within an article: same article text, same fingerprint."""
    claim = dispute.claim
    parts = (
        article.url_hash,
        str(dispute.kind),
        f"{claim.figure.span.start}:{claim.figure.span.end}",
        f"{dispute.dispute_sentence.start}:{dispute.dispute_sentence.end}",
        " ".join(dispute.disputed_by.casefold().split()),
    )
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def _claim_row(article_id: int, claim: Claim) -> ClaimRow:
    fig = claim.figure
    return ClaimRow(
        article_id=article_id,
        value=fig.value,
        low=fig.low,
        high=fig.high,
        qualifier=(fig.qualifier or None) and fig.qualifier[:32],
        unit=(fig.unit or None) and fig.unit[:16],
        figure_text=fig.span.text[:256],
        counted=claim.counted[:512],
        event=claim.event[:512] if claim.event else None,
        claimant=claim.claimant[:256] if claim.claimant else None,
        sentence=claim.sentence.text,
        sentence_start=claim.sentence.start,
        sentence_end=claim.sentence.end,
    )


def _denial_row(article_id: int, denial: Denial) -> DenialRow:
    return DenialRow(
        article_id=article_id,
        denier=denial.denier[:256],
        cue=denial.cue[:64],
        quote=denial.quote,
        sentence=denial.sentence.text,
        sentence_start=denial.sentence.start,
        sentence_end=denial.sentence.end,
    )


async def _existing(session: AsyncSession, article: Article) -> StoredDetection:
    claims = (await session.execute(select(ClaimRow).where(ClaimRow.article_id == article.id))).scalars()
    denials = (await session.execute(select(DenialRow).where(DenialRow.article_id == article.id))).scalars()
    disputes = (
        await session.execute(select(DisputeRow).where(DisputeRow.dispute_article_id == article.id))
    ).scalars()
    return StoredDetection(article.id, tuple(claims), tuple(denials), tuple(disputes))


async def store_detection(session: AsyncSession, article: Article, detection: Detection) -> StoredDetection:
    """Write ``detection`` for ``article`` (flushed, same transaction as the caller's).

    Idempotent: for an article already processed the stored rows are returned unchanged, and a
    dispute whose fingerprint exists is never inserted twice.
    """
    if article.processed:
        return await _existing(session, article)
    claim_rows = [_claim_row(article.id, c) for c in detection.claims]
    denial_rows = [_denial_row(article.id, d) for d in detection.denials]
    session.add_all(claim_rows)
    session.add_all(denial_rows)
    await session.flush()

    def claim_row_for(claim: Claim) -> ClaimRow:
        # claim_rows grows past detection.claims once an unlisted claim has been added
        for candidate, row in zip(detection.claims, claim_rows, strict=False):
            if candidate == claim:
                return row
        row = _claim_row(article.id, claim)  # a dispute about a claim not listed on its own
        claim_rows.append(row)
        session.add(row)
        return row

    wanted: list[tuple[str, Dispute]] = []
    for dispute in detection.disputes:
        fp = dispute_fingerprint(article, dispute)
        if fp not in {w[0] for w in wanted}:
            wanted.append((fp, dispute))
    taken: set[str] = set()
    if wanted:
        query = select(DisputeRow.fingerprint).where(DisputeRow.fingerprint.in_([fp for fp, _ in wanted]))
        taken = set((await session.execute(query)).scalars())
    todo = [(fp, d, claim_row_for(d.claim)) for fp, d in wanted if fp not in taken]
    await session.flush()  # claim rows added for unlisted claims get their ids here
    new_rows: list[DisputeRow] = []
    for fp, dispute, claim_row in todo:
        counter_row = None
        if dispute.counter_figure is not None:
            listed = zip(detection.claims, claim_rows, strict=False)  # claim_rows may have extras
            counter_row = next((r for c, r in listed if c.figure == dispute.counter_figure), None)
        denial_row = next(
            (
                r
                for d, r in zip(detection.denials, denial_rows, strict=True)
                if d.sentence == dispute.dispute_sentence and d.denier == dispute.disputed_by
            ),
            None,
        )
        new_rows.append(
            DisputeRow(
                fingerprint=fp,
                claim_id=claim_row.id,
                claim_article_id=article.id,
                dispute_article_id=article.id,
                denial_id=denial_row.id if denial_row is not None else None,
                counter_claim_id=counter_row.id if counter_row is not None else None,
                kind=str(dispute.kind),
                disputed_by=dispute.disputed_by[:256],
                quote=dispute.quote,
                dispute_sentence=dispute.dispute_sentence.text,
                dispute_start=dispute.dispute_sentence.start,
                dispute_end=dispute.dispute_sentence.end,
                alert_worthy=article.alert_worthy,
            )
        )
    session.add_all(new_rows)
    await session.flush()
    return StoredDetection(
        article.id, tuple(claim_rows), tuple(denial_rows), tuple(new_rows), tuple(new_rows)
    )
