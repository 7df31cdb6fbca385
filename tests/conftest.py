"""What every test starts from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.clock import keep_time_with


@pytest.fixture(autouse=True)
def _wall_clock() -> Iterator[None]:
    """Each test's timestamps follow only the "today" its own system pins (shared/clock.py is
    one per process; a system built by an earlier test must not set this one's clock)."""
    keep_time_with(None)
    yield
    keep_time_with(None)
