"""nbgrader's panels in JupyterLab list the course's assignments.

The session fixture ``released`` did what an instructor does from the course folder:
``nbgrader generate_assignment`` (fills the gradebook and exercises/) and
``nbgrader release_assignment`` for every assignment, into a temporary exchange.
"""

import re

import pytest

pytestmark = pytest.mark.browser

PANEL_TIMEOUT = 60_000  # ms


def open_from_nbgrader_menu(page, item):
    """Click Nbgrader > ``item`` in JupyterLab's menu bar."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$")).click()


def test_assignment_list_shows_the_released_assignments(lab, page, released, screenshots):
    lab.open(page)
    open_from_nbgrader_menu(page, "Assignment List")
    panel = page.locator("#nbgrader-assignment-list")
    listed = panel.locator("#released_assignments_list .list_item")
    for name in released:
        row = listed.filter(has_text=name)
        row.first.wait_for(state="visible", timeout=PANEL_TIMEOUT)
        assert row.locator("button", has_text="Fetch").count() == 1, f"{name}: no Fetch button"
    assert listed.count() == len(released), panel.locator("#released_assignments_list").inner_text()
    assert panel.locator("#released_assignments_list_error").is_hidden()
    page.screenshot(path=str(screenshots / "nbgrader_assignment_list.png"))


def test_formgrader_lists_the_course_assignments(lab, page, released, screenshots):
    lab.open(page)
    open_from_nbgrader_menu(page, "Formgrader")
    frame = page.frame_locator("#formgrader-iframe iframe")
    rows = frame.locator("tbody tr").filter(has=frame.locator("td.name"))
    for name in released:
        row = rows.filter(has=frame.locator("td.name", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")))
        row.first.wait_for(state="visible", timeout=PANEL_TIMEOUT)
        status = row.first.locator("td.status").inner_text().strip()
        assert status == "released", f"{name}: formgrader says {status!r}"
    assert rows.count() == len(released)
    for warning in ("#warning-exchange", "#warning-course-id"):
        assert frame.locator(warning).is_hidden(), frame.locator(warning).inner_text()
    page.screenshot(path=str(screenshots / "nbgrader_formgrader.png"))
