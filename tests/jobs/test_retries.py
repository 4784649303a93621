"""``poll_feed``'s retry policy, run by a real procrastinate worker on its in-memory connector."""

from __future__ import annotations

from procrastinate import testing

from bot.clock import FakeClock
from bot.ingest.poller import BATCH_NOT_STORED, CycleReport, FeedReport
from bot.jobs import queue


class FlakyPoller:
    """Answers like the poller: first the database is down, then the feed is stored."""

    def __init__(self) -> None:
        self.retakes: list[bool] = []

    async def run_cycle(self, *, feed_ids: list[int], retake: bool) -> CycleReport:
        self.retakes.append(retake)
        if len(self.retakes) == 1:
            return CycleReport(
                (FeedReport(7, "http://x.test/rss", "error", error=f"{BATCH_NOT_STORED}: down"),)
            )
        return CycleReport((FeedReport(7, "http://x.test/rss", "ok", 3),))


async def test_a_batch_that_could_not_be_stored_is_retried_and_retakes_the_feed() -> None:
    connector = testing.InMemoryConnector()
    poller = FlakyPoller()
    queue.install(queue.WorkerRuntime(None, poller, FakeClock(), stalled_after=60))  # type: ignore[arg-type]
    try:
        with queue.app.replace_connector(connector):
            async with queue.app.open_async():
                await queue.poll_feed.configure(lock="feed:7", queueing_lock="feed:7").defer_async(feed_id=7)
                await queue.app.run_worker_async(
                    queues=[queue.FEEDS_QUEUE], wait=False, install_signal_handlers=False
                )
                [job] = [j for j in connector.jobs.values() if j["task_name"] == "claimwatch.poll_feed"]
                assert (job["status"], job["attempts"]) == ("todo", 1)  # back in the queue, with a delay
                assert job["scheduled_at"] is not None
                job["scheduled_at"] = None  # the backoff has passed
                await queue.app.run_worker_async(
                    queues=[queue.FEEDS_QUEUE], wait=False, install_signal_handlers=False
                )
                assert job["status"] == "succeeded"
    finally:
        queue.install(None)
    assert poller.retakes == [False, True]  # the retry takes the feed's claim back
