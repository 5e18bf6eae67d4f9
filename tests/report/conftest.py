"""Fixtures of the report tests; the builders live in report_fixtures.py so test modules can import them."""
from __future__ import annotations

import pytest

from lossdoctor.engine import Report
from report_fixtures import fixed_report


@pytest.fixture
def report() -> Report:
    return fixed_report()
