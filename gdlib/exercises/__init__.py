"""Automatic checks for the notebooks' exercises, by topic.

Each ``check_*`` takes the student's answer (a number or a function) and returns
a ``Feedback``: ✓ with what was right, or ✗ with a hint that names the slip. A
stub that still raises ``NotImplementedError`` (or a ``None`` answer) gets "not
attempted yet". ``feedback`` holds the framework; one module per topic:
``gradient_descent`` (01–02), ``sgd`` (03), ``regression`` (04), ``gradients`` (any
neuron's gradient), ``classification`` (05–06), ``optimizers`` (07).
"""
from .classification import (blowup_lr, check_bias_only, check_blowup_lr,
                             check_softmax_function, check_two_class_softmax)
from .feedback import NOT_YET, NOT_YET_NUMBER, Feedback, check_value
from .gradient_descent import (check_best_bias, check_fit_line, check_gd_step,
                               check_gradient_descent, check_loss_function,
                               check_zigzag_updates)
from .gradients import check_gradient_function
from .optimizers import (check_beta_from_kappa, check_bias_correction, check_digits_challenge,
                         check_momentum_step)
from .regression import check_raw_units, check_sum_form_lr
from .sgd import check_gradient_noise, check_minibatches, check_sgd_epoch, gradient_noise
