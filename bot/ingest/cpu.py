"""Where CPU-bound ingestion work (feed parsing, the detector) runs: worker processes, or threads.

In worker processes that work neither competes with the event loop for the GIL (a cold cycle
over hundreds of feeds would otherwise starve the loop, the database writer and the bot's
replies) nor takes the bot down if a hostile document makes it blow up. A dead worker fails
every job in flight in its pool, not only the guilty one, so each failed job runs again alone
in a one-worker isolation pool: there it can only die of its own input, and only then is it an
error. ``workers=0`` runs the work in threads instead (tests, tiny deployments).
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


class _Pool:
    """A process pool that is started on first use and replaced once a worker died."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, call: Callable[[], T]) -> T:
        if self._pool is None:
            # spawn: never fork a process that runs threads (aiosqlite, executors).
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, call)
        except BrokenProcessPool:
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    def kill(self) -> None:
        """Stop the workers now, mid-job (a job over its time budget); the next run starts new
        ones. Jobs in flight beside it fail with BrokenProcessPool and are retried alone."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = getattr(pool, "_processes", None) or {}  # no public API for this before 3.14
        for process in list(processes.values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


class CpuPool:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._shared = _Pool(workers)
        self._alone = _Pool(1)  # started only after a worker died
        self._alone_lock = asyncio.Lock()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` off the event loop; ``fn`` must be a module-level function."""
        call = partial(fn, *args, **kwargs)
        if self.workers <= 0:
            return await asyncio.to_thread(call)
        try:
            return await self._shared.run(call)
        except BrokenProcessPool:
            pass  # this job, or another one in flight, killed a worker: find out which
        async with self._alone_lock:
            try:
                return await self._alone.run(call)
            except BrokenProcessPool as exc:
                raise ParseError("the worker process died on this input (too big or hostile?)") from exc

    async def run_timed(self, budget: float, fn: Callable[..., T], *args: Any) -> T:
        """Like :meth:`run`, but a job still running after ``budget`` seconds is stopped (its
        worker process killed) and :class:`TimeoutError` raised. With threads the job cannot be
        stopped: it is abandoned, its thread runs on until it ends."""
        call = partial(fn, *args)
        if self.workers <= 0:
            return await asyncio.wait_for(asyncio.to_thread(call), budget)
        try:
            return await asyncio.wait_for(self._shared.run(call), budget)
        except TimeoutError:
            self._shared.kill()
            raise
        except BrokenProcessPool:
            pass  # another job killed the worker (or was killed over its budget): retry alone
        async with self._alone_lock:
            try:
                return await asyncio.wait_for(self._alone.run(call), budget)
            except TimeoutError:
                self._alone.kill()
                raise
            except BrokenProcessPool as exc:
                raise ParseError("the worker process died on this input (too big or hostile?)") from exc

    async def close(self) -> None:
        await self._shared.close()
        await self._alone.close()
