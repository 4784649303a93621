"""Where CPU-bound ingestion work (feed parsing) runs: worker processes, or threads.

In worker processes the parser neither competes with the event loop for the GIL (a cold cycle
over hundreds of feeds would otherwise starve the loop and the database writer) nor takes the
bot down if a hostile document makes it blow up: a dead worker is a parse error for that feed.
``workers=0`` runs the work in threads instead (tests, tiny deployments).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

from bot.errors import ParseError

T = TypeVar("T")


class CpuPool:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` off the event loop; ``fn`` must be a module-level function."""
        call = partial(fn, *args, **kwargs)
        if self.workers <= 0:
            return await asyncio.to_thread(call)
        if self._pool is None:
            # spawn: never fork a process that runs threads (aiosqlite, executors).
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, call)
        except BrokenProcessPool as exc:
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise ParseError("the parser process died on this document (too big or hostile?)") from exc

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
