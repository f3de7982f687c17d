"""Every notebook prints the same on every student's machine, whatever its CPU.

numpy's wheels bundle an OpenBLAS that picks its kernels for the CPU at run time, and
different kernels (or thread counts) change the last bits of a result. A notebook that
prints such bits passes on the machine that made its outputs and fails on a student's.
``OPENBLAS_CORETYPE`` lets one x86-64 machine play other CPUs, and
``OPENBLAS_NUM_THREADS`` sets the threads. So each setting below runs nbval on every
notebook in a fresh subprocess (tests/blas_nbval.py: fresh kernels, the same options and
sanitize file as ``make test``) and fails if any cell's output differs from the committed
one. The subprocess runs next to ``make test``'s own nbval run on the machine's default
kernel and threads.

Fix a failure in the notebook, not in tests/nbval_sanitize.cfg: print what is meant
(``gdlib.roundoff.agreement`` for round-off-level differences, ``gdlib.roundoff.magnitude``
for an order of magnitude), then ``make notebooks``.
"""
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.blas_nbval import openblas_info

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "blas_nbval.py"
TIMEOUT = 1800  # seconds for one setting (all notebooks); a run takes a few minutes

# name: (OPENBLAS_CORETYPE or None for the machine's own choice, OPENBLAS_NUM_THREADS).
# The machine's own kernel with its own thread count (one per core) is nbval's run of
# `make test` itself (the notebooks under notebooks/ are collected with --nbval), so it is
# not repeated here. This setting differs from it in both: OpenBLAS' oldest x86-64 kernels
# (no AVX, no FMA: the farthest from a modern CPU's) on one thread. A second setting
# (Nehalem, 2 threads, until issue #18) cost `make test` one more run of every notebook.
SETTINGS = {
    "Prescott, 1 thread": ("Prescott", 1),
}
# The name OpenBLAS reports for the kernel a coretype selects (Prescott's kernels are
# OpenBLAS' oldest x86-64 ones, which it calls Katmai).
REPORTED = {"Prescott": {"prescott", "katmai"}}


def kernel_messages(out, most=30):
    """The lines of a run's output that say why a kernel failed, each once, in order.

    A kernel's own stderr (a traceback, "Address already in use") lands early in the
    output, far above nbval's summary at its end."""
    keep = [line for line in out.splitlines()
            if any(w in line for w in ("Error", "died", "Killed", "blas_nbval:"))]
    return list(dict.fromkeys(keep))[:most]


def course_notebooks(root=ROOT):
    """notebooks/**/NN_*.ipynb, also in subfolders (notebooks/en, notebooks/es), no checkpoints."""
    return sorted(p for p in (root / "notebooks").glob("**/[0-9][0-9]_*.ipynb")
                  if ".ipynb_checkpoints" not in p.relative_to(root).parts)


def can_choose_kernel():
    """None if OPENBLAS_CORETYPE works here, else why not."""
    machine = platform.machine()
    if machine.lower() not in ("x86_64", "amd64"):
        return f"this CPU is {machine}, and the Prescott kernels are x86-64 ones"
    if openblas_info()[0] is None:
        return "this numpy does not use the OpenBLAS of numpy's wheels (conda? Accelerate?)"
    return None


def environment(core, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), PYTHONUNBUFFERED="1")
    env.pop("OPENBLAS_CORETYPE", None)      # the machine's default: OpenBLAS chooses
    if core is not None:
        env["OPENBLAS_CORETYPE"] = core
    return env


@pytest.fixture(scope="module")
def runs():
    """Start every setting at once; {name: (exit status, output)} or {name: reason to skip}."""
    notebooks = course_notebooks()
    assert notebooks, "no notebooks found"
    why_not = can_choose_kernel()
    started, results = {}, {}
    for name, (core, threads) in SETTINGS.items():
        if core is not None and why_not:
            results[name] = f"OPENBLAS_CORETYPE={core} skipped: {why_not}"
            continue
        started[name] = subprocess.Popen(
            [sys.executable, str(RUNNER), *map(str, notebooks)], cwd=ROOT,
            env=environment(core, threads), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
    try:
        for name, proc in started.items():
            out, _ = proc.communicate(timeout=TIMEOUT)
            results[name] = (proc.returncode, out)
    finally:
        for proc in started.values():
            if proc.poll() is None:
                proc.kill()
    return results


@pytest.mark.parametrize("name", list(SETTINGS))
def test_notebooks_print_the_same_under(name, runs):
    result = runs[name]
    if isinstance(result, str):
        pytest.skip(result)
    status, out = result
    core, threads = SETTINGS[name]
    first = out.splitlines()[0] if out else ""
    assert first.startswith("BLAS core="), f"the runner did not start:\n{out[-3000:]}"
    got_core, got_threads = (f.split("=", 1)[1] for f in first.split()[1:3])
    if core is not None:       # the setting really reached OpenBLAS
        assert got_core.lower() in REPORTED[core], \
            f"OPENBLAS_CORETYPE={core} was ignored: OpenBLAS runs its {got_core} kernels"
    if got_threads != "unknown":
        assert int(got_threads) == threads, f"OpenBLAS uses {got_threads} threads, not {threads}"
    assert status == 0, (
        f"under OpenBLAS {got_core} with {threads} thread(s) the notebooks print something "
        f"other than their committed outputs (pytest exit status {status}). A number "
        "at round-off level differs between machines: print what it means "
        "(gdlib.roundoff.agreement / magnitude), not its last bits.\n"
        "Errors in the output:\n" + "\n".join(kernel_messages(out))
        + "\nnbval says:\n" + out[-6000:])


def test_notebook_discovery_finds_future_layouts(tmp_path):
    for rel in ["notebooks/01_a.ipynb", "notebooks/07_b.ipynb", "notebooks/en/02_c.ipynb",
                "notebooks/es/02_c.ipynb", "notebooks/.ipynb_checkpoints/01_a-checkpoint.ipynb",
                "notebooks/en/.ipynb_checkpoints/02_c-checkpoint.ipynb",
                "notebooks/scratch.ipynb", "notebooks/README.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    found = [p.relative_to(tmp_path).as_posix() for p in course_notebooks(tmp_path)]
    assert found == ["notebooks/01_a.ipynb", "notebooks/07_b.ipynb", "notebooks/en/02_c.ipynb",
                     "notebooks/es/02_c.ipynb"]


def test_every_course_notebook_is_checked():
    every = {p for p in (ROOT / "notebooks").rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.relative_to(ROOT).parts}
    assert len(every) >= 6 and set(course_notebooks()) == every


def test_the_default_setting_lets_openblas_choose():
    env = environment(None, 1)
    assert "OPENBLAS_CORETYPE" not in env and env["OPENBLAS_NUM_THREADS"] == "1"
    assert environment("Nehalem", 2)["OPENBLAS_CORETYPE"] == "Nehalem"
    assert set(SETTINGS.values()) == {("Prescott", 1)}
    # the machine's own choice is make test's nbval run itself: notebooks are collected with it
    config = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^addopts = ".*--nbval\b', config, re.M), "make test no longer runs nbval"
    assert re.search(r'^testpaths = \[.*"notebooks"', config, re.M), "nbval no longer sees notebooks/"


def test_kernel_messages_finds_a_kernels_error_far_above_the_summary():
    out = ("BLAS core=Haswell threads=1\n[IPKernelApp] WARNING | over TCP\n"
           "zmq.error.ZMQError: Address already in use\n" + "....\n" * 5000
           + "ERROR nb.ipynb::Cell 0 - RuntimeError: Kernel died before replying\n"
           + "ERROR nb.ipynb::Cell 0 - RuntimeError: Kernel died before replying\n")
    assert kernel_messages(out) == ["zmq.error.ZMQError: Address already in use",
                                    "ERROR nb.ipynb::Cell 0 - RuntimeError: Kernel died before replying"]


def test_a_kernel_that_dies_while_starting_is_started_again(monkeypatch):
    import nbval.kernel
    from tests.blas_nbval import retry_kernel_starts

    def dies(times, message="Kernel died before replying to kernel_info"):
        calls = []

        def start(**kwargs):
            calls.append(kwargs)
            if len(calls) <= times:
                raise RuntimeError(message)
            return "km", "kc"
        return start, calls

    start, calls = dies(2)
    monkeypatch.setattr(nbval.kernel, "start_new_kernel", start)
    said = []
    retry_kernel_starts(starts=3, said=said.append)
    assert nbval.kernel.start_new_kernel(kernel_name="python3") == ("km", "kc")
    assert len(calls) == 3 and len(said) == 2 and "died" in said[0] and "2 of 3" in said[0]

    start, calls = dies(3)      # dead three times: the error is the notebook's result
    monkeypatch.setattr(nbval.kernel, "start_new_kernel", start)
    retry_kernel_starts(starts=3)
    with pytest.raises(RuntimeError, match="died"):
        nbval.kernel.start_new_kernel()
    assert len(calls) == 3

    start, calls = dies(1, "Kernel didn't respond in 60 seconds")   # not a death: no retry
    monkeypatch.setattr(nbval.kernel, "start_new_kernel", start)
    retry_kernel_starts(starts=3)
    with pytest.raises(RuntimeError, match="respond"):
        nbval.kernel.start_new_kernel()
    assert len(calls) == 1
