"""The deploy tests' report: the class server's end-to-end test prints its seconds per step at the end."""

import pytest

_tables = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def timing_report(request):
    """Call it with a title and a table of timings: they are printed in the session's summary."""
    tables = request.config.stash.setdefault(_tables, [])
    return lambda title, table: tables.append((title, table))


def pytest_terminal_summary(terminalreporter, config):
    for title, table in config.stash.get(_tables, []):
        terminalreporter.write_sep("-", title)
        terminalreporter.write_line(table)
