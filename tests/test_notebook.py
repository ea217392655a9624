"""The walkthrough notebook is stored without outputs and runs to the end."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "walkthrough.ipynb"


@pytest.fixture(scope="module")
def notebook():
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4)


def test_stored_without_outputs(notebook):
    import nbformat

    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) >= 10
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_walkthrough_runs_to_the_end_and_prints_three_findings(notebook, tmp_path):
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    printed = "".join(out.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                      for out in cell.outputs if out.get("output_type") == "stream")
    for n in (1, 2, 3):
        assert f"Finding {n}: " in printed
    images = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
              if "image/png" in out.get("data", {})]
    assert len(images) >= 4  # rankings, network, evolution, heatmap
    assert not list(tmp_path.iterdir())  # the notebook leaves no files behind
