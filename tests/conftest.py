"""Shared pytest setup: figures render off-screen (Agg) and are closed after each test."""

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: no windows, works headless

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every pyplot figure a test opened (matplotlib warns past 20 open figures)."""
    yield
    plt.close("all")
