"""gdlib: the helper package of the interactive gradient-descent course.

Models (each with ``predict``, ``loss`` and ``gradient``)::

    gdlib.linear     ŷ = Xw + b,            L = 1/(2n) Σ (ŷ - y)²      (½·ECM, ½·MSE)
    gdlib.logistic   ŷ = σ(Xw + b),         L = mean binary cross-entropy (ECB / BCE)
    gdlib.softmax    Ŷ = softmax(XW + b),   L = mean categorical cross-entropy (ECC / CCE)
    gdlib.network    Ŷ = softmax(tanh(XW₁ + b₁)W₂ + b₂), the same ECC: a hidden layer

What a model must define for ``gdlib.descend`` to train it is ``gdlib.model.Model``.

The descent loop ``gdlib.descend`` (GD and minibatch SGD), its update rules
``gdlib.optimizers`` (momentum, AdaGrad, RMSProp, Adam) and learning-rate
``gdlib.schedules``, the range test ``gdlib.lr_range_test``, the convergence
theory on a quadratic ``gdlib.quadratic``, ``gdlib.check_gradient`` (finite
differences, ``gdlib.gradcheck``), ``gdlib.data`` (synthetic and small real data sets),
``gdlib.tables`` (the text tables notebook cells print) and ``gdlib.roundoff`` (a
round-off-level number printed the same on every machine).

Everything gdlib shows is in English unless ``gdlib.set_language("es")`` is called
(``gdlib.i18n``: gettext catalogues in gdlib/locale).
"""
from . import (data, linear, logistic, network, optimizers, quadratic, roundoff, schedules, softmax,
               tables)
from .gradcheck import check_gradient, numerical_gradient, relative_error
from .descent import History, descend
from .i18n import get_language, set_language
from .lr_finder import RangeTest, lr_range_test

__version__ = "0.1.0"

__all__ = ["data", "linear", "logistic", "softmax", "network", "tables", "descend", "History",
           "check_gradient", "numerical_gradient", "relative_error", "optimizers", "schedules",
           "quadratic", "roundoff", "lr_range_test", "RangeTest", "set_language", "get_language"]
