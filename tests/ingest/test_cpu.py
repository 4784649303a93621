from __future__ import annotations

import asyncio
import os

import pytest

from bot.errors import ParseError
from bot.ingest.cpu import CpuPool


def square(x: int) -> int:
    return x * x


def die() -> None:
    os._exit(3)  # what a worker killed by the kernel (out of memory) looks like to the pool


def pid() -> int:
    return os.getpid()


@pytest.mark.slow  # worker processes
async def test_work_runs_in_another_process_and_survives_a_dead_worker() -> None:
    pool = CpuPool(1)
    try:
        assert await pool.run(square, 7) == 49
        assert await pool.run(pid) != os.getpid()
        with pytest.raises(ParseError, match="process died"):
            await pool.run(die)
        assert await pool.run(square, 3) == 9  # a fresh worker takes over
    finally:
        await pool.close()


@pytest.mark.slow  # worker processes
async def test_a_dead_worker_fails_only_the_job_that_killed_it() -> None:
    pool = CpuPool(1)
    try:
        # Both are in flight in the same pool when the worker dies; the innocent one runs again alone.
        died, squared = await asyncio.gather(pool.run(die), pool.run(square, 5), return_exceptions=True)
        assert isinstance(died, ParseError)
        assert squared == 25
    finally:
        await pool.close()


async def test_zero_workers_means_threads() -> None:
    pool = CpuPool(0)
    assert await pool.run(pid) == os.getpid()
    await pool.close()
