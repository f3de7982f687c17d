"""The site's front-end packages (site_build/package.json, pinned by its package-lock.json) speak
the versions of the installed Python packages: a new ipywidgets or anywidget on the Python side
fails here until the npm pins follow it (``npm install --package-lock-only`` in site_build/).

- @jupyter-widgets/html-manager: the widget packages it bundles (@jupyter-widgets/base,
  controls, output, base-manager) are the very versions JupyterLab's widget manager of the
  installed ipywidgets (jupyterlab_widgets) bundles, and the HTML manager is in the range
  ipywidgets itself names (``ipywidgets._version.__html_manager_version__``);
- anywidget (npm) is the Python anywidget's version, in the range its widgets ask for;
- MathJax has the major version nbconvert's templates configure (their ``MathJax.Hub``).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site_build"
WIDGET_PACKAGES = ("@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output",
                   "@jupyter-widgets/base-manager")


def lock():
    return json.loads((SITE / "package-lock.json").read_text(encoding="utf-8"))["packages"]


def locked(name):
    return lock()[f"node_modules/{name}"]["version"]


def version(text):
    return tuple(int(p) for p in re.match(r"(\d+)\.(\d+)\.(\d+)", text).groups())


def in_caret_range(v, spec):
    """``v`` satisfies the npm range ``^x.y.z`` (or ``~x.y.*``, ``x.y.z``)."""
    v = version(v)
    if spec.startswith("^"):
        low = version(spec[1:])
        return v >= low and v[0] == low[0] and (low[0] > 0 or v[1] == low[1])
    if spec.startswith("~"):
        major, minor = (int(p) for p in spec[1:].split(".")[:2])
        return v[:2] == (major, minor)
    return v == version(spec)


def test_the_pins_are_exact_and_locked():
    package = json.loads((SITE / "package.json").read_text(encoding="utf-8"))
    root = lock()[""]
    for name, spec in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name}: pin an exact version, not {spec!r}"
        assert root["dependencies"][name] == spec, f"package-lock.json is stale for {name}: npm install --package-lock-only"
        assert locked(name) == spec, name


def labextension(name):
    for base in (Path(sys.prefix) / "share/jupyter/labextensions",
                 Path(sys.base_prefix) / "share/jupyter/labextensions"):
        if (base / name).is_dir():
            return base / name
    pytest.fail(f"the JupyterLab extension {name} is not installed in {sys.prefix}")


def test_html_manager_bundles_the_widget_packages_jupyterlab_uses():
    import ipywidgets

    bundled = json.loads((labextension("@jupyter-widgets/jupyterlab-manager")
                          / "static/third-party-licenses.json").read_text(encoding="utf-8"))
    lab = {p["name"]: p["versionInfo"] for p in bundled["packages"] if p["name"] in WIDGET_PACKAGES}
    assert set(lab) == set(WIDGET_PACKAGES), lab
    site = {name: locked(name) for name in WIDGET_PACKAGES}
    assert site == lab, (f"ipywidgets {ipywidgets.__version__}'s JupyterLab manager bundles {lab}, the site's "
                         f"@jupyter-widgets/html-manager {locked('@jupyter-widgets/html-manager')} {site}: "
                         "pin the html-manager released with this ipywidgets in site_build/package.json")
    spec = ipywidgets._version.__html_manager_version__
    assert in_caret_range(locked("@jupyter-widgets/html-manager"), spec), spec


def test_anywidget_front_end_is_the_python_anywidgets_version():
    import anywidget

    assert locked("anywidget") == anywidget.__version__, (
        f"Python anywidget {anywidget.__version__}, npm anywidget {locked('anywidget')} in site_build/package.json")
    lab = json.loads((labextension("anywidget") / "package.json").read_text(encoding="utf-8"))
    assert lab["version"] == anywidget.__version__
    wanted = anywidget.AnyWidget._model_module_version.default_value
    assert in_caret_range(locked("anywidget"), wanted), wanted


def test_mathjax_is_the_major_version_nbconverts_templates_configure():
    from nbconvert.exporters import HTMLExporter

    default = HTMLExporter.mathjax_url.default_value
    major = re.search(r"mathjax/(\d+)\.", default).group(1)
    assert locked("mathjax").split(".")[0] == major, (default, locked("mathjax"))


@pytest.mark.parametrize(("v", "spec", "ok"), [("1.0.15", "^1.0.1", True), ("2.0.0", "^1.0.1", False),
                                               ("1.0.0", "^1.0.1", False), ("0.11.0", "~0.11.*", True),
                                               ("0.12.0", "~0.11.*", False)])
def test_in_caret_range(v, spec, ok):
    assert in_caret_range(v, spec) is ok
