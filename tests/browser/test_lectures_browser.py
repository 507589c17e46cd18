"""Every lecture in JupyterLab: Run All, no error, widgets render, one widget answers the kernel.

What a person does: open the lecture, Run > Run All Cells, look at the outputs, move a
slider (or pick from a dropdown) and watch the figure change. A full-page screenshot of
each lecture goes to tests/browser/screenshots/ (not committed) for the CI log.
"""

import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

LECTURES = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "lectures").glob("*.ipynb"))
RUN_ALL_TIMEOUT = 300_000  # ms; a lecture runs in <= 20 s, but the machine may be busy
WIDGET_TIMEOUT = 60_000  # ms; widget views render after their outputs arrive
ROUND_TRIP_TIMEOUT = 30_000  # ms; kernel callback + new PNG in the Output

# A control (slider handle or dropdown) next to an Output that shows a figure, in one cell output.
CONTROL = ".widget-slider .noUi-handle, .widget-dropdown select"
FIGURE = ".widget-output img"


def test_there_are_lectures():
    assert LECTURES, "no lectures/*.ipynb found"


def error_outputs(cells):
    """Error and stderr outputs of the notebook's code cells, as readable text."""
    found = []
    for cell in cells:
        for out in cell["outputs"]:
            if out["output_type"] == "error" or (out["output_type"] == "stream" and out["name"] == "stderr"):
                text = re.sub(r"\x1b\[[0-9;]*m", "", out["text"])  # no terminal colours
                found.append(f"cell {cell['index']} ({out['output_type']}):\n{text[-1500:]}")
    return found


@pytest.mark.parametrize("lecture", LECTURES)
def test_lecture_runs_and_its_widgets_respond(lab, page, screenshots, lecture):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    path = f"lectures/{lecture}"
    lab.open(page, path)
    try:
        result = lab.run_all(page, path, timeout=RUN_ALL_TIMEOUT)
        cells = lab.cells(page, path)

        # 1. every code cell ran, none raised or wrote to stderr
        errors = error_outputs(cells)
        assert not errors, f"{lecture}: errors or warnings in the outputs:\n" + "\n\n".join(errors)
        not_run = [
            c["index"] for c in cells if c["type"] == "code" and c["source"].strip() and c["execution_count"] is None
        ]
        assert result == "true" and not not_run, f"Run All returned {result}; cells not run: {not_run}"

        # 2. what the page shows: no traceback, no widget that failed to render
        outputs = page.locator(".jp-Cell .jp-OutputArea-output")
        stderr = page.locator('.jp-Cell [data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr.count() == 0, "stderr shown on the page:\n" + "\n".join(stderr.all_inner_texts())
        for bad in ("Traceback", "Error displaying widget"):
            assert outputs.filter(has_text=bad).count() == 0, f"{bad!r} shown in an output of {lecture}"

        # 3. widgets rendered
        widgets = page.locator(".jp-Cell .jp-OutputArea-output .jupyter-widgets")
        try:
            widgets.first.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        except PlaywrightTimeout:
            pytest.fail(f"{lecture}: no ipywidgets widget rendered", pytrace=False)

        # 4. one control changes its figure through a kernel round trip
        area = (
            page.locator(".jp-Cell .jp-OutputArea-output")
            .filter(has=page.locator(CONTROL))
            .filter(has=page.locator(FIGURE))
            .first
        )
        assert area.count() == 1, f"{lecture}: no slider or dropdown next to a figure (ipywidgets Output) found"
        index = area.evaluate(
            "el => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].indexOf(el.closest('.jp-Cell'))"
        )
        cell = page.locator(".jp-Notebook .jp-Cell").nth(index)  # stays valid when the figure is replaced
        before = cell.locator(FIGURE).first.get_attribute("src")
        assert before and before.startswith("data:image/png"), f"{lecture}: the widget's figure is not a PNG"
        control = change_control(page, cell)
        try:
            page.wait_for_function(
                "([cell, old]) => { const img = cell.querySelector('.widget-output img');"
                " return !img || img.src !== old; }",
                arg=[cell.element_handle(), before],
                timeout=ROUND_TRIP_TIMEOUT,
            )
        except PlaywrightTimeout:
            pytest.fail(
                f"{lecture}: the figure of cell {index} did not change within "
                f"{ROUND_TRIP_TIMEOUT / 1000:.0f} s after {control}",
                pytrace=False,
            )
        shown = cell.locator(".widget-output").first
        assert cell.locator(FIGURE).count() >= 1 and "Traceback" not in shown.inner_text(), (
            f"{lecture}: after {control}, the widget shows no figure but:\n{shown.inner_text()[-2000:]}"
        )
        assert not error_outputs(lab.cells(page, path)), f"{lecture}: errors after {control}"
    finally:  # also of a failing lecture, for the CI log; never hides the failure itself
        try:
            lab.screenshot(page, path, screenshots / f"{Path(lecture).stem}.png")
        except Exception as err:  # noqa: BLE001
            print(f"no screenshot of {lecture}: {err}", file=sys.stderr)


def change_control(page, cell):
    """Move the first slider one step (right, or left at its maximum), or pick another dropdown option."""
    cell.scroll_into_view_if_needed()  # off-screen cells are not rendered (content-visibility)
    slider = cell.locator(".widget-slider").filter(has=page.locator(".noUi-handle")).first
    if slider.count():
        handle, readout = slider.locator(".noUi-handle").first, slider.locator(".widget-readout").first
        old = readout.text_content()
        handle.press("ArrowRight")
        page.wait_for_timeout(300)
        if readout.text_content() == old:  # already at the maximum
            handle.press("ArrowLeft")
            page.wait_for_timeout(300)
        new = readout.text_content()
        assert new != old, f"the slider did not move (readout stays {old!r})"
        return f"moving a slider from {old} to {new}"
    select = cell.locator(".widget-dropdown select").first
    n = select.locator("option").count()
    assert n >= 2, "the dropdown has fewer than two options"
    current = select.evaluate("s => s.selectedIndex")
    select.select_option(index=(current + 1) % n)
    return f"choosing option {(current + 1) % n} of a dropdown"
