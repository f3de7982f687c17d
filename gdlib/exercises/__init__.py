"""Automatic checks for the notebooks' exercises, by topic.

Each ``check_*`` takes the student's answer (a number or a function) and returns
a ``Feedback``: ✓ with what was right, or ✗ naming the slip, with a hint (progressive, per
slip: the same slip made again gets a more concrete hint, a new kind of slip starts at its
own first hint, ``feedback.wrong``). A right answer passes in any natural form (a list
where a pair is asked, einsum, a transposed product). A
stub that still raises ``NotImplementedError`` (or a ``None`` answer) gets "not
attempted yet". ``feedback`` holds the framework; one module per topic, each with its
sentences in ``texts/<module>.json`` (``feedback.texts``): ``estimation`` (01),
``gradient_descent`` (02), ``sgd`` (03), ``regression`` (04), ``gradients`` (any neuron's
gradient), ``classification`` (05–06), ``momentum`` and ``optimizers`` (07), ``network`` (08).
"""
from .classification import (check_bias_only, check_budget_challenge, check_feature_pair,
                             check_growth_prediction, check_softmax_function,
                             check_two_class_softmax, first_loss)
from .estimation import (check_best_bias, check_chord_witness, check_fit_line,
                         check_loss_function)
from .feedback import NOT_YET, NOT_YET_NUMBER, Feedback, check_value, reset_hints, right, wrong
from .gradient_descent import (check_gd_step, check_gradient_descent, check_narrow_lr,
                               check_zigzag_updates)
from .gradients import check_gradient_function
from .momentum import check_largest_stable_lr, check_momentum_rate, check_momentum_step
from .network import (check_hidden_backward, check_small_network, check_zero_start,
                      zero_start_changes)
from .optimizers import check_bias_correction, check_digits_challenge, updates_to_reach
from .regression import check_fast_fit, check_raw_units, check_sum_form_prediction
from .sgd import (check_gradient_noise, check_minibatch_spread, check_sgd_budget, check_sgd_epoch,
                  gradient_noise, minibatch_spread)
