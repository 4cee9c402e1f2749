"""Console output of the Keras layer (summary tables, epoch lines, progress bars).

NOTE [Progress output]: Keras' bar, drawn by tqdm two ways. On a terminal one bar is redrawn
in place at most every ``INTERVAL`` seconds; it appears after the first step (no empty
``0/N`` bar) and its last drawing is the epoch's result. Anywhere else (a file, a pipe, a CI
log) carriage-return updates are noise, so only that final line is written, one per epoch, as
Keras does for output that is not interactive. The bar has a fixed width, so a terminal that
reports 0 columns still shows it. Times come from ``clock`` (the epoch's, not the bar's).
"""

import os
import sys
import time

from tqdm import tqdm

INTERVAL = 0.05  # Keras' minimum time between two drawings of a live bar
BAR_FORMAT = "{n_fmt}/{total_fmt} [{bar:30}]{desc}"  # Keras' bar is 30 characters wide
BAR_CHARS = ".>="  # tqdm's charset: background, partial cell, full cell

clock = time.perf_counter


def echo(line):
    """Write one line to standard output (above a live bar, if there is one)."""
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


def format_eta(seconds):
    """Keras' ``ETA: 1:02:03`` / ``ETA: 2:03`` / ``ETA: 3s``."""
    seconds = int(seconds)
    if seconds > 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds > 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


def is_terminal(stream):
    """True when ``stream`` is an interactive terminal (where ``\\r`` redraws a line)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _size(stream):
    """tqdm's ``ncols``/``nrows`` for ``stream``: none (tqdm asks the terminal), except where
    the terminal reports 0 columns or rows, where tqdm would drop the bar or the whole line;
    there the line is neither cut nor hidden."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):  # not a real terminal (a test's stand-in)
        return {}
    return {} if size.columns and size.lines else {"ncols": sys.maxsize, "nrows": sys.maxsize}


class Progbar:
    """A Keras-style bar: ``600/600 [==============================] - 2s 3ms/step - loss: …``.

    verbose 1 draws the bar (see NOTE [Progress output]); verbose 2 prints only
    `` - 2s - loss: …`` per epoch, as Keras 2 does; verbose 0 prints nothing.
    """

    def __init__(self, total, verbose):
        self.total, self.verbose = total, verbose
        self.live = verbose == 1 and is_terminal(sys.stdout)
        self.bar = None  # made at the first step, so no empty 0/N bar is drawn
        self.start = clock()
        self.seen = 0

    def _text(self, logs, final):
        """What follows the bar: ETA while running, the epoch's times when final."""
        elapsed = clock() - self.start
        if final:
            info = f" - {elapsed:.0f}s {format_time_per_step(elapsed / max(self.seen, 1))}"
        else:
            info = f" - ETA: {format_eta(elapsed / self.seen * (self.total - self.seen))}"
        return f"{info} - {format_logs(logs)}" if logs else info

    def update(self, steps, logs):
        """Advance by ``steps``; on a terminal, redraw with the running ``logs``."""
        self.seen += steps
        if not self.live:
            return
        if self.bar is None:
            self.bar = tqdm(total=self.total, initial=self.seen, desc=self._text(logs, False),
                            file=sys.stdout, bar_format=BAR_FORMAT, ascii=BAR_CHARS,
                            mininterval=INTERVAL, leave=True, **_size(sys.stdout))
            return
        self.bar.set_description_str(self._text(logs, False), refresh=False)
        self.bar.update(steps)

    def close(self, logs):
        """Finish with the epoch's final ``logs`` (validation ones included): the bar's last
        drawing on a terminal, its only line elsewhere, or verbose 2's summary line."""
        if self.verbose == 2:
            echo(f" - {clock() - self.start:.0f}s - {format_logs(logs)}")
        elif self.verbose == 1 and self.bar is not None:
            self.bar.set_description_str(self._text(logs, True), refresh=False)
            self.bar.close()
        elif self.verbose == 1:
            echo(tqdm.format_meter(self.seen, self.total, 0, prefix=self._text(logs, True),
                                   bar_format=BAR_FORMAT, ascii=BAR_CHARS))
