"""Reading input files: directories refused, reading capped whatever stat says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli.inputs import read_file
from bot.errors import InputError


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a directory"):
        read_file(tmp_path, 100)


def test_reading_stops_after_the_cap_whatever_stat_says(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert read_file(path, 11) == b"x" * 11
    with pytest.raises(InputError, match="larger than 10 bytes"):
        read_file(path, 10)
    # /proc files report size 0 and still have content: the read, not stat(), decides.
    assert os.stat("/proc/self/status").st_size == 0
    assert read_file(Path("/proc/self/status"), 1 << 20).startswith(b"Name:")
