"""The pip route (pyproject.toml) and the conda route (environment.yml) install the same things."""
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")


def _requirement(text):
    """'numpy>=1.24' -> ('numpy', '>=1.24'), names normalised the way pip does."""
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", text).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def _pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def _conda():
    deps = []
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("\ndependencies:"):].splitlines():
        m = re.match(r"\s*-\s+([A-Za-z][^#\s]*)", line)
        if m and not line.strip().startswith("- -e"):
            deps.append(m.group(1))
    return [d for d in deps if _requirement(d)[0] not in ("python", "pip")]


def test_environment_yml_matches_pyproject():
    assert sorted(map(_requirement, _conda())) == sorted(map(_requirement, _pyproject()))


def test_environment_yml_installs_gdlib_itself_and_uses_conda_forge():
    text = (ROOT / "environment.yml").read_text()
    assert "conda-forge" in text and re.search(r"^\s*-\s+-e \.\s*$", text, re.M)
    assert re.search(r"^\s*-\s+python>=3\.10\s*$", text, re.M)


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"


def test_datasets_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    shipped = {p.suffix for p in (ROOT / "gdlib" / "datasets").iterdir() if p.is_file()}
    patterns = config["package-data"]["gdlib.datasets"]
    assert "gdlib.datasets" in config["packages"]
    assert {".csv", ".gz", ".md"} <= shipped and {"*.csv", "*.csv.gz", "*.md"} <= set(patterns)


def test_gdlib_imports_with_its_contract():
    import gdlib
    for model in (gdlib.linear, gdlib.logistic, gdlib.softmax):
        assert all(callable(getattr(model, f)) for f in ("predict", "loss", "gradient"))
    assert callable(gdlib.descend) and callable(gdlib.check_gradient)
