"""Re-execute every course notebook from a fresh kernel and save its outputs.

    python tests/refresh_notebooks.py [notebooks/en/01_....ipynb ...]

(``make notebooks`` runs this.) Each notebook runs top to bottom, as "Restart
Kernel and Run All" would, so the committed outputs are exactly what a student
sees. Live widget views are dropped from the saved outputs (their text/plain
stays): they only work with a running kernel, and a stale one would show
"Error displaying widget" in JupyterLab before the first run.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widget_views(nb):
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    return nb


def refresh(path):
    nb = nbformat.read(path, as_version=4)
    # no timestamps, and each cell's stdout as one output: a re-run with the same code
    # writes the same file, so `git diff` shows only what really changed
    NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                   coalesce_streams=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(strip_widget_views(nb), path)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*/[0-9][0-9]_*.ipynb"))
    for path in paths:
        print(f"executing {path.relative_to(ROOT) if path.is_absolute() else path}", flush=True)
        refresh(path.resolve())
