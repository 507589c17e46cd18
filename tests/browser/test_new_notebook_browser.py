"""A learner opens a new notebook in the course's JupyterLab and imports the course library.

This is what `make lab` promises (README): the server runs in the project's .venv, where
`dlf` is installed in editable mode, so `import dlf` works in any new notebook.
"""

import pytest

pytestmark = pytest.mark.browser

CODE = "import dlf\nfrom dlf.layers import Linear\nprint(dlf.__file__)"


def test_a_new_notebook_imports_dlf(lab, page):
    lab.open(page)
    path = page.evaluate("""async () => {
        const panel = await window.jupyterapp.commands.execute('notebook:create-new', {kernelName: 'python3', cwd: ''});
        await panel.context.ready;
        await panel.sessionContext.ready;
        return panel.context.path;
    }""")
    page.wait_for_function("(p) => window.__dlf.kernelIdle(p)", arg=path, timeout=120_000)
    editor = page.locator(".jp-NotebookPanel:visible .jp-Cell").first.locator(".cm-content")
    editor.click()
    page.keyboard.insert_text(CODE)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        "(p) => window.__dlf.panel(p).content.widgets[0].model.executionCount !== null", arg=path, timeout=60_000
    )
    page.wait_for_function("(p) => window.__dlf.kernelIdle(p)", arg=path, timeout=60_000)
    first = lab.cells(page, path)[0]
    assert first["source"] == CODE
    kinds = [o["output_type"] for o in first["outputs"]]
    assert "error" not in kinds, first["outputs"]
    printed = "".join(o["text"] for o in first["outputs"] if o["output_type"] == "stream")
    assert printed.strip().endswith("lib/dlf/__init__.py"), printed
