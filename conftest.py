"""Shared test configuration: Hypothesis profiles for the tests and the doctests alike, and the skip guard."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Whole frameworks are slow to generate on a slow or busy machine; that is
# expected, so the too_slow health check would only make runs flaky.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
# The maintainers' long fuzzing run: HYPOTHESIS_PROFILE=fuzz python -m pytest -m fuzz
settings.register_profile(
    "fuzz",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# Continuous integration installs every system component the tests can use (a browser,
# a Java runtime, Node packages) and then sets DIME_FORBID_SKIPS=1: there a skipped test
# means a missing install step, so it fails the run instead of passing quietly.
_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember every skipped test, with its reason."""
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _SKIPPED.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a test was skipped where skips are forbidden."""
    if os.environ.get("DIME_FORBID_SKIPS") == "1" and _SKIPPED and exitstatus == 0:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"DIME_FORBID_SKIPS=1, and {len(_SKIPPED)} tests were skipped:")
            for line in _SKIPPED:
                reporter.write_line(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
