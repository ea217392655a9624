"""The notebooks are stored without outputs and run to the end."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WALKTHROUGH = NOTEBOOKS / "walkthrough.ipynb"
OVER_TIME = NOTEBOOKS / "pesco_over_time.ipynb"


def read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def execute(notebook, tmp_path: Path):
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    printed = "".join(out.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                      for out in cell.outputs if out.get("output_type") == "stream")
    images = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
              if "image/png" in out.get("data", {})]
    return printed, images


@pytest.mark.parametrize("path", [WALKTHROUGH, OVER_TIME], ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    import nbformat

    notebook = read(path)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) >= 10
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_walkthrough_runs_to_the_end_and_prints_three_findings(tmp_path):
    printed, images = execute(read(WALKTHROUGH), tmp_path)
    for n in (1, 2, 3):
        assert f"Finding {n}: " in printed
    # beside each finding, how complete the member lists behind it are
    assert printed.count("(Member lists behind this: ") == 3
    assert len(images) >= 4  # rankings, network, evolution, heatmap
    assert not list(tmp_path.iterdir())  # the notebook leaves no files behind


def test_over_time_notebook_runs_and_keeps_later_joiners_out_of_wave_one(tmp_path):
    printed, images = execute(read(OVER_TIME), tmp_path)
    assert "later joiners in it: none" in printed
    assert "US as member from 06 May 2021 (joined)" in printed
    assert "DK as member from 02 October 2023 (joined)" in printed
    assert " certain and " in printed and " attested" in printed
    # official counts, timeline, two maps, wave snapshots, observers
    assert len(images) >= 6
    assert not list(tmp_path.iterdir())
