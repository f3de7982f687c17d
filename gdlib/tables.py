"""Text tables for notebook cells that print numbers side by side.

A cell shows the idea (the runs, the numbers); this module does the presentation:
aligned columns under a header, each column with its format, and no "−0.0000"
where a number rounds to zero::

    rows = [(f, h.updates, h.losses[-1]) for f, h in zip(fractions, runs)]
    print(table(["α / α_crit", "updates", "final loss"], rows, ["g", "d", ".4f"]))

A value that is a string is printed as it is (a verdict such as "diverged").
"""
from __future__ import annotations

import numbers

from ._validation import describe
from .i18n import _, ngettext


def cell(value, fmt=""):
    """One value as text: ``format(value, fmt)``, a string as it is, and never a
    negative zero (−0.0 and −1e-9 at ".4f" print as the zero they round to)."""
    if isinstance(value, str):
        return value
    try:
        text = format(value, fmt)
    except (TypeError, ValueError):
        raise ValueError(_("cannot format {value} with format {fmt}: give the column a format "
                           "that suits it, e.g. '.4f' for numbers.").format(
                             value=describe(value), fmt=repr(fmt))) from None
    if isinstance(value, numbers.Real) and text.lstrip().startswith("-"):
        try:
            if float(text.replace("%", "")) == 0:
                text = format(0.0, fmt)
        except ValueError:          # e.g. a format with text around the number
            pass
    return text


def table(header, rows, formats=None, gap=3):
    """An aligned text table: the header, then one line per row.

    ``formats`` gives one format spec per column (e.g. ``["g", "d", ".4f", ".1%"]``;
    ``""`` or None for ``str()``). Numbers are right-aligned, strings left-aligned (an
    empty string, a blank cell, does not count).
    Returns the table as a string: ``print`` it.
    """
    header = [str(h) for h in header]
    rows = [list(row) for row in rows]
    ncol = len(header)
    formats = [""] * ncol if formats is None else ["" if f is None else f for f in formats]
    if len(formats) != ncol:
        raise ValueError(ngettext(
            "table has {ncol} column in its header but {nformats} formats: give one format "
            "per column, e.g. {example}.",
            "table has {ncol} columns in its header but {nformats} formats: give one format "
            "per column, e.g. {example}.", ncol).format(ncol=ncol, nformats=len(formats),
                                                         example=['g'] * ncol))
    for i, row in enumerate(rows):
        if len(row) != ncol:
            raise ValueError(ngettext(
                "row {i} of the table has {n} value, the header {ncol}: give one value per "
                "column.",
                "row {i} of the table has {n} values, the header {ncol}: give one value per "
                "column.", len(row)).format(i=i, n=len(row), ncol=ncol))
    texts = [[cell(v, f) for v, f in zip(row, formats)] for row in rows]
    widths = [max([len(h)] + [len(r[j]) for r in texts]) for j, h in enumerate(header)]
    numeric = [all(not isinstance(row[j], str) or row[j] == "" for row in rows)
               for j in range(ncol)]

    def line(items):
        parts = [t.rjust(w) if num else t.ljust(w)
                 for t, w, num in zip(items, widths, numeric)]
        return (" " * gap).join(parts).rstrip()

    return "\n".join([line(header)] + [line(r) for r in texts])
