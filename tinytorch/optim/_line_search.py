"""Strong-Wolfe line search for LBFGS, over Python floats and flat tensors.

NOTE [LBFGS line search]
The search brackets a step length ``t`` along direction ``d`` that satisfies the strong
Wolfe conditions (sufficient decrease ``f(t) <= f(0) + c1 t g'd`` and curvature
``|g(t)'d| <= -c2 g'd``), then shrinks the bracket by safeguarded cubic interpolation, as
minFunc (and so PyTorch's LBFGS) does. Every decision below is PyTorch's, in its order, so
the two libraries evaluate the closure at the same points the same number of times. A point
is ``(t, f, g, g'd)``.
"""

import math


def cubic_minimum(t1, f1, gtd1, t2, f2, gtd2, bounds=None):
    """Minimiser of the cubic through two points with values and slopes, clamped to
    ``bounds`` (default: between the points); their middle when the cubic has none."""
    low, high = bounds if bounds is not None else (min(t1, t2), max(t1, t2))
    d1 = gtd1 + gtd2 - 3 * (f1 - f2) / (t1 - t2)
    d2_square = d1 ** 2 - gtd1 * gtd2
    if d2_square < 0:
        return (low + high) / 2.0
    d2 = math.sqrt(d2_square)
    if t1 <= t2:
        t = t2 - (t2 - t1) * ((gtd2 + d2 - d1) / (gtd2 - gtd1 + 2 * d2))
    else:
        t = t1 - (t1 - t2) * ((gtd1 + d2 - d1) / (gtd1 - gtd2 + 2 * d2))
    return min(max(t, low), high)


def strong_wolfe(evaluate, d, start, t, max_ls, c1=1e-4, c2=0.9, tolerance_change=1e-9):
    """Search along ``d`` from ``start = (0, f, g, g'd)`` with first trial step ``t``.

    Args:
        evaluate (Callable): ``evaluate(t) -> (f, flat_grad)`` at ``x + t d``.
        max_ls (int): at most this many evaluations after the first.

    Returns:
        ((t, f, g, g'd) of the accepted point, number of evaluations).
    """
    counter = [0]

    def trial(step):
        counter[0] += 1
        f_new, g_new = evaluate(step)
        return step, f_new, g_new, float(g_new.dot(d))

    bracket, done = _bracket(trial, start, trial(t), max_ls, c1, c2)
    if not done:
        _zoom(trial, start, bracket, max_ls, counter, c1, c2,
              (float(d.abs().max()), tolerance_change))
    return bracket[_lower(bracket)], counter[0]


def _bracket(trial, start, new, max_ls, c1, c2):
    """Grow the step until an interval holds an acceptable point -> (bracket, done)."""
    f0, gtd0 = start[1], start[3]
    prev = start
    for ls_iter in range(max_ls):
        if new[1] > f0 + c1 * new[0] * gtd0 or (ls_iter > 1 and new[1] >= prev[1]):
            return [prev, new], False
        if abs(new[3]) <= -c2 * gtd0:
            return [new], True
        if new[3] >= 0:
            return [prev, new], False
        t, t_prev = new[0], prev[0]
        step = cubic_minimum(t_prev, prev[1], prev[3], t, new[1], new[3],
                             bounds=(t + 0.01 * (t - t_prev), t * 10))
        prev, new = new, trial(step)
    return [start, new], False


def _zoom(trial, start, bracket, max_ls, counter, c1, c2, tolerance):
    """Shrink ``bracket`` in place until its lower end is acceptable."""
    f0, gtd0 = start[1], start[3]
    d_norm, tolerance_change = tolerance
    insufficient_progress = False
    while counter[0] - 1 < max_ls:
        (t_a, f_a, _, gtd_a), (t_b, f_b, _, gtd_b) = bracket
        if abs(t_b - t_a) * d_norm < tolerance_change:
            return
        t = cubic_minimum(t_a, f_a, gtd_a, t_b, f_b, gtd_b)
        top, bottom = max(t_a, t_b), min(t_a, t_b)
        eps = 0.1 * (top - bottom)
        if min(top - t, t - bottom) >= eps:
            insufficient_progress = False
        elif insufficient_progress or t >= top or t <= bottom:
            t = top - eps if abs(t - top) < abs(t - bottom) else bottom + eps
            insufficient_progress = False
        else:
            insufficient_progress = True
        new = trial(t)
        low = _lower(bracket)
        if new[1] > f0 + c1 * t * gtd0 or new[1] >= bracket[low][1]:
            bracket[1 - low] = new
            continue
        if abs(new[3]) <= -c2 * gtd0:
            bracket[low] = new
            return
        if new[3] * (bracket[1 - low][0] - bracket[low][0]) >= 0:
            bracket[1 - low] = bracket[low]
        bracket[low] = new


def _lower(bracket):
    """Index of the bracket end with the lower value (the first on ties)."""
    return 0 if bracket[0][1] <= bracket[-1][1] else 1
