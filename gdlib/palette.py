"""The course's colours, as matplotlib and the browser both read them ("#rrggbb").

A leaf module (no imports): ``gdlib.optimizers`` gives each optimizer its colour from
here without importing ``gdlib.plots`` (models and optimizers sit below the figures);
``gdlib.plots.style`` re-exports these names.
"""
GD_COLOR, SGD_COLOR, FIT_COLOR = "#1f5fbf", "#e8590c", "#c2255c"
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
