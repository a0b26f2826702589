"""Every notebook in ``notebooks/`` runs, at a small size, and is saved without outputs.

The notebooks share one convention: their first code cell reads
``SMALL = os.environ.get("LEADSIM_NOTEBOOK_SMALL") == "1"`` and shrinks the runs when it is set,
so that each notebook runs in well under a minute here. The kernel is the Python running the
tests (a kernel spec written for this run), so the notebooks see the installed leadsim.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SMALL_LINE = 'SMALL = os.environ.get("LEADSIM_NOTEBOOK_SMALL") == "1"'
KERNEL = "leadsim-tests"
CELL_TIMEOUT = 300


def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data directory with a kernel spec for this very Python, in small mode."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "leadsim tests",
                "language": "python",
                "env": {"LEADSIM_NOTEBOOK_SMALL": "1", "MPLBACKEND": "Agg"},
            }
        )
    )
    return root


def test_there_are_notebooks():
    names = {path.name for path in NOTEBOOKS}
    assert {"quickstart.ipynb", "classroom.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_saved_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(_code_cells(notebook)):
        assert cell.get("outputs") == [], f"{path.name}: code cell {index} has saved outputs"
        assert cell.get("execution_count") is None, f"{path.name}: code cell {index} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_small_convention(path: Path):
    first = _code_cells(nbformat.read(path, as_version=4))[0].source
    assert SMALL_LINE in first, f"{path.name}: the first code cell must contain {SMALL_LINE!r}"
    assert first.startswith("%matplotlib inline"), f"{path.name}: figures must be shown inline"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_small(path: Path, kernel_path: Path, monkeypatch: pytest.MonkeyPatch):
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))  # where the kernel manager finds KERNEL
    monkeypatch.setenv("LEADSIM_NOTEBOOK_SMALL", "1")
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    assert spec.argv[0] == sys.executable
    notebook = nbformat.read(path, as_version=4)
    # A last cell (in memory only) reports which Python ran the notebook, and in which mode.
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable, SMALL)"))
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    probe = "".join(output.get("text", "") for output in notebook.cells[-1].outputs).split()
    assert probe == [sys.executable, "True"], probe
    # Figures appear as figures, not as their text ("<Figure size 1200x1100 with 6 Axes>").
    outputs = [output for cell in _code_cells(notebook) for output in cell.get("outputs", [])]
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    as_text = [
        output["data"]["text/plain"]
        for output in outputs
        if "image/png" not in output.get("data", {})
        and str(output.get("data", {}).get("text/plain", "")).startswith("<Figure size")
    ]
    assert images, f"{path.name}: no figure was shown inline"
    assert not as_text, f"{path.name}: figures shown as text: {as_text}"
