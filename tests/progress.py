"""A pytest plugin that keeps a long run from looking stuck and says why tests are skipped.

- A test marked ``slow`` (``@pytest.mark.slow("what it does")``, or listed in
  :data:`SLOW_TESTS`) is announced on its own line when it starts, with what it does, and
  again with its duration when it ends; ``make test`` no longer sits silent for minutes.
- Any other test whose set-up or run takes :data:`LONG_SECONDS` or more is reported when it
  ends, with its duration.
- The first test skipped for a reason prints that reason where it happens (later skips for the
  same reason only add their ``s``); the ``-rs`` summary (``-ra`` in ``addopts``) lists them all.

``tests/conftest.py`` imports these hooks; ``pytest -p tests.progress`` loads them anywhere else.
"""

from __future__ import annotations

import os

import pytest

__all__ = ["SLOW_TESTS", "LONG_SECONDS", "pytest_configure", "pytest_collection_modifyitems",
           "pytest_runtest_logstart", "pytest_runtest_logreport", "pytest_sessionstart"]

#: tests known to take long, by ``file::name`` (parameters left out), with what they do
SLOW_TESTS = {
    "test_benchmarks.py::test_benchmark_smoke_run":
        "runs every benchmark once on the real graph and a 10k-triple one (a minute or two)",
    "test_notebook.py::test_walkthrough_runs_to_the_end_and_prints_three_findings":
        "executes notebooks/walkthrough.ipynb in a fresh kernel",
    "test_wheel.py::test_wheel_builds_and_runs_outside_the_repo":
        "builds a wheel, installs it into a new virtual environment and runs it from /tmp",
    "test_analysis.py::test_two_runs_are_byte_identical_under_different_hash_seeds":
        "runs the whole analysis twice, under two hash seeds",
    "test_params.py::test_free_text_value_stays_one_literal":
        "binds 150 hostile values and parses each query (property-based)",
    "test_params.py::test_hostile_text_runs_on_both_backends":
        "runs 60 hostile values on both backends (property-based)",
    "test_shacl_differential.py::test_both_engines_agree_on_mutated_real_data":
        "mutates the real data many times and validates each with both engines (property-based)",
    "test_remote.py::test_push_a_large_graph_to_both_servers":
        "pushes a 250k-triple graph to Oxigraph and to Virtuoso at once (a minute or more)",
}

#: a test (or its set-up, such as starting a server) not listed above that takes this long is
#: reported when it ends (``PESCO_LONG_TEST_SECONDS`` overrides it)
LONG_SECONDS = float(os.environ.get("PESCO_LONG_TEST_SECONDS", "20"))

_SLOW = pytest.StashKey[dict[str, str]]()
_SKIPS = pytest.StashKey[set[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow(what): a long test; its start and duration are announced")
    config.stash[_SLOW] = {}
    config.stash[_SKIPS] = set()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow = config.stash[_SLOW]
    for item in items:
        marker = item.get_closest_marker("slow")
        what = SLOW_TESTS.get(f"{item.path.name}::{item.name.split('[')[0]}")
        if marker is not None:
            what = str(marker.args[0]) if marker.args else what or "a long test"
        if what is not None:
            slow[item.nodeid] = what


def _say(config: pytest.Config, line: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()  # after a "path ..." line of results
        if reporter._tw.width_of_current_line:  # after a line of dots (-q)
            reporter._tw.line()
        reporter.write_line(line)


@pytest.hookimpl(trylast=True)
def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    config = _config.get("config")
    if config is not None and nodeid in config.stash[_SLOW]:
        _say(config, f"slow test, please wait: {nodeid}: {config.stash[_SLOW][nodeid]} ...")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    config = _config.get("config")
    if config is None:
        return
    if report.when == "call" and report.nodeid in config.stash[_SLOW]:
        _say(config, f"slow test {report.outcome}: {report.nodeid} in {report.duration:.0f} s")
    elif report.when in ("setup", "call") and report.duration >= LONG_SECONDS:
        # not announced beforehand: say so afterwards, so the next run can be
        what = "set up" if report.when == "setup" else report.outcome
        _say(config, f"long test {what}: {report.nodeid} in {report.duration:.0f} s "
                     "(worth listing in tests/progress.py SLOW_TESTS)")
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        if reason not in config.stash[_SKIPS]:
            config.stash[_SKIPS].add(reason)
            _say(config, f"skipping {report.nodeid} (and any other test that needs it): {reason}")


# the hooks above that pytest calls without the config find it here
_config: dict[str, pytest.Config] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _config["config"] = session.config
