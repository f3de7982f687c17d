"""Figures for the course, by topic.

* ``style``: colours, resolution, ``figure`` and ``new_figure`` (every Figure, without pyplot);
* ``draw``: drawing pieces, each drawing one thing on an Axes (contours of L(w, b),
  a trajectory, a loss curve, classes, a boundary);
* one module of static figures per topic: ``landscapes`` (01), ``gradient_descent``
  (02), ``sgd`` (03), ``regression`` (04), ``classification`` (05–06), ``optimizers``
  (07), ``network`` (08), ``regularization`` (weight decay, 08).

A static figure is one call from a notebook and returns a matplotlib ``Figure``,
which Jupyter shows as a PNG (and GitHub shows without a kernel). The explorers'
backdrops are drawn with the same pieces; what moves in them is drawn in the browser
(``gdlib.widgets``).
"""
from .classification import (decision_regions, digit_examples, digit_weights,
                             logistic_probabilities, lr_blowup, sigmoid_and_cross_entropy,
                             softmax_example)
from .draw import (boundary_points, draw_classes, draw_contours, draw_eigenvectors,
                   draw_losses, draw_path, eigenvectors, loss_grid, region_grid, square, window)
from .gradient_descent import along_eigenvectors, learning_rates, loss_curves, step_factors
from .landscapes import chord_gap, convexity, loss_landscape
from .network import (early_stopping, loss_plane, minima_from_seeds, not_convex, start_scales,
                      symmetric_start, why_a_hidden_layer)
from .optimizers import (adaptive_steps, bias_correction, error_per_mode, momentum_paths,
                         momentum_rates, nesterov_vs_momentum, range_test, schedules_compared,
                         valley_gd)
from .regression import feature_scaling, fitted_line, paths_side_by_side
from .regularization import weight_decay, weight_norms
from .sgd import hover_rms, minibatch_steps, sgd_hovering, sgd_vs_gd
from .style import (CLASS_COLORS, DPI, FIT_COLOR, GD_COLOR, SGD_COLOR, class_colormap,
                    new_figure)
