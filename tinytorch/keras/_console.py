"""Console output of the Keras layer (summary tables, epoch lines, progress bars).

Everything goes through tqdm so lines and live progress bars do not garble each other.
"""

import sys

from tqdm import tqdm


def echo(line):
    """Write one line to standard output (between progress bars, if one is live)."""
    tqdm.write(line, file=sys.stdout)


def format_logs(logs):
    """``loss: 0.1234 - accuracy: 0.9000`` as Keras prints them (tiny values in e-notation)."""
    parts = []
    for key, value in logs.items():
        parts.append(f"{key}: {value:.4f}" if abs(value) >= 1e-3 or value == 0
                     else f"{key}: {value:.4e}")
    return " - ".join(parts)


def format_time_per_step(seconds):
    """Keras' ``3ms/step`` style."""
    if seconds >= 1:
        return f"{seconds:.0f}s/step"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/step"
    return f"{seconds * 1e6:.0f}us/step"


class Progbar:
    """A Keras-style bar: ``600/600 [==============================] - 2s 3ms/step - loss: …``.

    verbose 1 draws the bar and updates it every step; verbose 2 prints only the final line
    of each epoch; verbose 0 prints nothing.
    """

    def __init__(self, total, verbose):
        self.total, self.verbose = total, verbose
        self.bar = None
        if verbose == 1:
            self.bar = tqdm(total=total, file=sys.stdout, ascii=".>=", ncols=None,
                            bar_format="{n_fmt}/{total_fmt} [{bar:30}] - {desc}",
                            mininterval=0.1, leave=True)

    def _summary(self, logs):
        elapsed = self.bar.format_dict["elapsed"] if self.bar is not None else 0.0
        done = max(self.bar.n if self.bar is not None else self.total, 1)
        text = f"{elapsed:.0f}s {format_time_per_step(elapsed / done)}"
        return f"{text} - {format_logs(logs)}" if logs else text

    def update(self, steps, logs):
        """Advance by ``steps`` and show the running ``logs``."""
        if self.bar is not None:
            self.bar.update(steps)
            self.bar.set_description_str(self._summary(logs), refresh=False)

    def close(self, logs, elapsed):
        """Finish the line with the epoch's final ``logs`` (including validation ones)."""
        if self.bar is not None:
            self.bar.set_description_str(self._summary(logs), refresh=False)
            self.bar.close()
        elif self.verbose == 2:
            echo(f" - {elapsed:.0f}s - {format_logs(logs)}")
