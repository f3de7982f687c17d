#!/usr/bin/env python
"""How fast is gdlib? One run, one table of ratios measured side by side.

    python benchmarks/run.py                   # the full run (~4 minutes, ~1.5 GB of RAM)
    python benchmarks/run.py --quick           # tiny sizes: checks that everything runs
    python benchmarks/run.py --only peers      # one section (repeat --only for more)
    python benchmarks/run.py --record docs/benchmarks.md   # also write the results there
    python benchmarks/run.py --only browser --record docs/benchmarks.md   # `make bench-latency`

Sections (docs/benchmarks.md says what each row means and holds the last recorded run):

  latency        one picture of every explorer, rerun + drawn by its own module in a blank
                 Chromium page (no Jupyter), at its defaults and at its heaviest settings
  browser        end to end in JupyterLab + Chromium, measured in the page
                 (browserkit/harness.py): every slider of every course notebook, key press
                 → new pixels, where the time goes, and fast drags
  vectorisation  gdlib's full-batch gradient next to a per-example loop over the Σ formula
  hardware       one full-batch GD update on a big problem next to Xw and Xᵀr alone
  peers          the same problem and epochs in PyTorch (CPU) and scikit-learn
  minibatch      SGD at |B| = 1: µs per update
  optimizers     µs per update of each gdlib.optimizers rule next to plain GD, and next
                 to torch.optim on the same work

This is not a test: timings on shared machines are noisy, so nothing here fails on a
slow number. A missed target is printed as "NO" in the table. The peers (PyTorch,
scikit-learn) are optional, from the ``bench`` extra; missing ones are skipped and named.
The output is Markdown, ready for docs/benchmarks.md.

Each section is a module of this package, benchmarks/<section>.py with its ``bench_<section>``
function; the plumbing is timing.py (the sizes, ``race``), report.py (the table, ``record``)
and machine.py (where it ran); problems.py holds the course problems the peers run. The
browser instruments (JupyterLab + Chromium, the in-page probe, the latency harness) are the
package ``browserkit``, which the browser tests (tests/e2e) use too.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from time import perf_counter

if not __package__:                  # run as a script (python benchmarks/run.py), not with -m:
    # import this package, browserkit and gdlib from this checkout (and never benchmarks/'s
    # own modules as top-level ones: sys.path[0] is benchmarks/ itself)
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks.browser import bench_browser  # noqa: E402
from benchmarks.hardware import bench_hardware  # noqa: E402
from benchmarks.latency import bench_latency  # noqa: E402
from benchmarks.machine import machine, set_threads  # noqa: E402
from benchmarks.minibatch import bench_minibatch  # noqa: E402
from benchmarks.optimizers import bench_optimizers  # noqa: E402
from benchmarks.peers import bench_peers  # noqa: E402
from benchmarks.report import BEGIN, BROWSER_BEGIN, BROWSER_END, END, Report, record  # noqa: E402
from benchmarks.timing import FULL, QUICK  # noqa: E402
from benchmarks.vectorisation import bench_vectorisation  # noqa: E402

#: the sections, in the order they run
BENCHES = {"latency": bench_latency, "browser": bench_browser, "vectorisation": bench_vectorisation,
           "hardware": bench_hardware, "peers": bench_peers, "minibatch": bench_minibatch,
           "optimizers": bench_optimizers}
SECTIONS = tuple(BENCHES)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and few repeats: only checks that it all runs")
    parser.add_argument("--only", action="append", choices=SECTIONS, metavar="SECTION",
                        help=f"run only this section (repeatable): {', '.join(SECTIONS)}")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for numpy's BLAS and torch (default: numpy's own)")
    parser.add_argument("--record", metavar="FILE.md",
                        help=f"also write the results between {BEGIN} and {END} in FILE.md")
    args = parser.parse_args(argv)
    cfg = dataclasses.replace(QUICK if args.quick else FULL, threads=set_threads(args.threads))
    sections = [s for s in SECTIONS if not args.only or s in args.only]
    kind = ("--quick: tiny sizes, the numbers mean nothing" if args.quick else
            "full run" if len(sections) == len(SECTIONS) else f"sections: {', '.join(sections)}")
    report = Report([f"Measured by `python benchmarks/run.py` ({kind}) on:", ""]
                    + machine(cfg.threads))
    for section in sections:
        t0 = perf_counter()
        BENCHES[section](cfg, report)
        print(f"[{section}: {perf_counter() - t0:.1f} s]", file=sys.stderr, flush=True)
    if hasattr(os, "getloadavg"):
        report.header.append(f"- load average at the end: {os.getloadavg()[0]:.1f} "
                             f"(a quiet 2-core machine stays below ~1)")
    text = report.markdown()
    print(text, end="")
    if args.record:
        markers = (BROWSER_BEGIN, BROWSER_END) if sections == ["browser"] else (BEGIN, END)
        record(args.record, text, *markers)
        print(f"(written to {args.record})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
