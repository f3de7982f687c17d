"""Where and with what the numbers were measured, and the threads numpy's BLAS and torch use."""
from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

import numpy as np

import gdlib


def _blas():
    """numpy's BLAS as threadpoolctl sees it (None if it cannot), and threadpoolctl."""
    try:
        import threadpoolctl
    except ImportError:
        return None, None
    for info in threadpoolctl.threadpool_info():
        if info["user_api"] == "blas" and "numpy" in info["filepath"]:
            return info, threadpoolctl
    return None, threadpoolctl


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory():
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "?"


def _version(module):
    try:
        return __import__(module).__version__
    except Exception:
        return None


def machine(threads):
    """The lines that say where and with what the numbers were measured."""
    blas, _ = _blas()
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = f", load average {os.getloadavg()[0]:.1f} at the start" if hasattr(
        os, "getloadavg") else ""
    packages = [f"{name} {v}" for name, v in [("gdlib", gdlib.__version__),
                                              ("matplotlib", _version("matplotlib")),
                                              ("pillow", _version("PIL")),
                                              ("ipywidgets", _version("ipywidgets")),
                                              ("torch", _version("torch")),
                                              ("scikit-learn", _version("sklearn"))] if v]
    blas_text = (f"{blas['internal_api']} {blas.get('version')} ({blas.get('architecture')})"
                 if blas else "unknown (install threadpoolctl to see it)")
    return [
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- cpu: {_cpu_model()}, {cores} logical cores ({usable} usable){load}",
        f"- memory: {_memory()}",
        f"- os: {platform.platform()}; python {platform.python_version()}",
        f"- numpy {np.__version__}, BLAS {blas_text}; threads for numpy and torch: {threads}",
        "- packages: " + ", ".join(packages),
    ]


_blas_limit = None      # keeps threadpoolctl's limit in force for the whole run


def set_threads(requested):
    """Use the same number of threads for numpy's BLAS and torch; return it."""
    global _blas_limit
    blas, threadpoolctl = _blas()
    threads = requested or (blas["num_threads"] if blas else os.cpu_count())
    if threadpoolctl is not None:
        _blas_limit = threadpoolctl.threadpool_limits(limits=threads, user_api="blas")
    elif requested:
        print(f"(threadpoolctl is missing: numpy keeps its own thread count, not {threads})",
              file=sys.stderr)
    return threads
