"""Run nbval on some notebooks in this process's BLAS setting; say which OpenBLAS kernel that is.

    OPENBLAS_CORETYPE=Nehalem OPENBLAS_NUM_THREADS=1 python tests/blas_nbval.py notebooks/0*.ipynb

tests/test_blas_kernels.py starts one of these per BLAS setting. The notebooks' kernels
inherit this process's environment, so they use the same OpenBLAS kernel and thread count
as this process, which prints them first, on a line ``BLAS core=<name> threads=<n>``
(``unknown`` when numpy does not use a bundled OpenBLAS, e.g. conda's numpy or macOS'
Accelerate). Then nbval checks the notebooks, exactly as ``make test`` does, and the
exit status is pytest's.

Three of these run at once, each starting a kernel per notebook. A kernel that dies
before it answers its first message (seen once in CI, at the moment all three started
their first kernel) is not a notebook printing something else, so its start is retried,
up to ``STARTS`` times, and each retry is said in the output.
"""
import ctypes
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
STARTS = 3      # attempts to start a notebook's kernel


def openblas_info():
    """(kernel name, threads) of the OpenBLAS inside numpy's wheel, or (None, None)."""
    import numpy as np
    pkg = Path(np.__file__).parent
    libs = [*(pkg.parent / "numpy.libs").glob("*openblas*"),     # Linux, Windows wheels
            *(pkg / ".dylibs").glob("*openblas*")]               # macOS x86-64 wheels
    for lib in libs:
        try:
            dll = ctypes.CDLL(str(lib))
        except OSError:
            continue
        for suffix in ("64_", ""):
            for prefix in ("scipy_openblas", "openblas"):
                core = getattr(dll, f"{prefix}_get_corename{suffix}", None)
                threads = getattr(dll, f"{prefix}_get_num_threads{suffix}", None)
                if core is not None and threads is not None:
                    core.restype, threads.restype = ctypes.c_char_p, ctypes.c_int
                    return core().decode().strip(), int(threads())
    return None, None


def nbval_args(notebooks):
    """The pytest arguments of the nbval run in pyproject.toml, for these notebooks only."""
    return ["-q", "-o", "addopts=", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
            "--nbval-sanitize-with", str(SANITIZE), *map(str, notebooks)]


def retry_kernel_starts(starts=STARTS, said=print):
    """Make nbval start a kernel again when one dies before replying to kernel_info.

    Each retry is passed, as a sentence, to ``said``."""
    import nbval.kernel
    start_once = nbval.kernel.start_new_kernel

    def start_new_kernel(*args, **kwargs):
        for attempt in range(1, starts + 1):
            try:
                return start_once(*args, **kwargs)
            except RuntimeError as error:
                if "died" not in str(error) or attempt == starts:
                    raise
                said(f"blas_nbval: a kernel died while starting ({error}); "
                     f"started it again ({attempt + 1} of {starts})")
    nbval.kernel.start_new_kernel = start_new_kernel


if __name__ == "__main__":
    core, threads = openblas_info()
    print(f"BLAS core={core or 'unknown'} threads={threads or 'unknown'}", flush=True)
    import pytest
    os.chdir(ROOT)

    class RetryKernelStarts:
        """Retry once pytest has loaded nbval; list the retries at the end (pytest
        captures what a test prints)."""
        retries = []

        def pytest_configure(self, config):
            retry_kernel_starts(said=self.retries.append)

        def pytest_terminal_summary(self, terminalreporter):
            for line in self.retries:
                terminalreporter.write_line(line)

    sys.exit(pytest.main(nbval_args(sys.argv[1:]), plugins=[RetryKernelStarts()]))
