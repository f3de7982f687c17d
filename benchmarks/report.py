"""The report: the table of results as Markdown, and ``record``, which writes it into a
Markdown file (docs/benchmarks.md) between markers."""
from __future__ import annotations

from pathlib import Path

import numpy as np

BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"
#: `--only browser --record` writes here instead, so the other sections' results stay.
BROWSER_BEGIN, BROWSER_END = "<!-- browser:begin -->", "<!-- browser:end -->"

COLUMNS = ("section", "what", "gdlib", "reference", "ratio", "target", "met?", "check")


class Report:
    """The rows of the table, the notes under it and what was skipped, as Markdown."""

    def __init__(self, header):
        self.header, self.rows, self.notes, self.skipped = header, [], [], []
        self.extras = []

    def extra(self, text):
        """A block of Markdown printed under the table."""
        self.extras.append(text)

    def row(self, section, what, ours="—", reference="—", ratio="—", target="—", met="—",
            check="—"):
        if isinstance(met, (bool, np.bool_)):
            met = "yes" if met else "NO"
        self.rows.append((section, what, ours, reference, ratio, target, met, check))

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def skip(self, what, why):
        self.skipped.append(f"{what} ({why})")

    def markdown(self):
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(COLUMNS)]
        line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
        missed = [f"{r[0]}: {r[1]}" for r in self.rows if r[6] == "NO"]
        out = self.header + ["", line(COLUMNS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [line(r) for r in self.rows]
        out += ["", f"Targets missed: {len(missed)}"] + [f"- {m}" for m in missed]
        out += ["", "Skipped: " + ("; ".join(self.skipped) if self.skipped else "nothing")]
        for text in self.extras:
            out += ["", text]
        if self.notes:
            out += ["", "Notes:", ""] + [f"{i}. {text}" for i, text in enumerate(self.notes, 1)]
        return "\n".join(out) + "\n"


def record(path, text, begin=BEGIN, end=END):
    """Put ``text`` between the ``begin`` and ``end`` markers of the Markdown file ``path``."""
    doc = Path(path).read_text()
    if begin not in doc or end not in doc:
        raise SystemExit(f"{path} has no {begin} … {end} block to write the results into.")
    head, rest = doc.split(begin, 1)
    Path(path).write_text(head + begin + "\n" + text + end + rest.split(end, 1)[1])
