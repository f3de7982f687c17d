"""How to print a number at round-off level, the same way on every machine.

Its last bits depend on the machine (the BLAS kernels of the CPU, the number of threads,
the numpy version), so printing it raw would show every student a different "result".
``agreement`` and ``magnitude`` say what the number means instead: "agree to round-off
(< 1e-12)", "≈ 1e-10".
"""
from __future__ import annotations

import numpy as np

from .i18n import _


def agreement(diff, tol=1e-12):
    """Say whether two computations agree up to round-off, the same way on every machine.

    ``diff`` is the largest absolute difference between them. Below ``tol`` it is
    round-off, and this returns ``"agree to round-off (< 1e-12)"``; otherwise the real
    difference, e.g. ``"differ by 3.2e-05"`` (which a machine does not change).

    >>> agreement(1.1e-16)
    'agree to round-off (< 1e-12)'
    >>> agreement(3.21e-5)
    'differ by 3.2e-05'
    """
    diff, tol = float(diff), float(tol)
    if not (np.isfinite(diff) and tol > 0):
        raise ValueError(_("agreement needs a finite difference and a positive tol, got "
                           "diff = {diff}, tol = {tol}.").format(diff=diff, tol=tol))
    if abs(diff) < tol:
        return _("agree to round-off (< {tol})").format(
            tol=f"{tol:.0e}".replace("e-0", "e-").replace("e+0", "e"))
    return _("differ by {diff}").format(diff=f"{abs(diff):.1e}")


def magnitude(x):
    """The order of magnitude of a round-off-level number, e.g. ``"≈ 1e-10"``.

    Gives the power of ten nearest to ``|x|`` on a log scale, so 7.1e-11 and 8.4e-11 (the
    same finite-difference check on two CPUs) both print ``"≈ 1e-10"``; 0 prints ``"= 0"``.

    >>> magnitude(7.1e-11), magnitude(8.4e-11), magnitude(0.0)
    ('≈ 1e-10', '≈ 1e-10', '= 0')
    """
    x = abs(float(x))
    if not np.isfinite(x):
        raise ValueError(_("magnitude needs a finite number, got {x}.").format(x=x))
    if x == 0:
        return "= 0"
    return f"≈ 1e{int(np.round(np.log10(x)))}"
