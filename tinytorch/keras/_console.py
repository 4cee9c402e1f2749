"""Console output of the Keras layer (summary tables, epoch lines, progress bars).

NOTE [Progress output]: Keras 2's bar, drawn two ways. On a terminal, one line is redrawn in
place (``\\r``) at most every ``INTERVAL`` seconds, first after the first step (no empty
``0/N`` bar), and its last drawing is the epoch's result. Anywhere else (a file, a pipe, a
CI log) carriage-return updates are noise, so only that final line is written, one per epoch,
as Keras advises ``verbose=2`` for output that is not interactive. The bar has a fixed width,
so a terminal reporting 0 columns still shows it.
"""

import sys
import time

INTERVAL = 0.05  # Keras' minimum time between two drawings of a live bar
WIDTH = 30  # Keras 2's bar width

clock = time.perf_counter


def echo(line):
    """Write one line to standard output."""
    print(line, file=sys.stdout, flush=True)


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


class Progbar:
    """A Keras-style bar: ``600/600 [==============================] - 2s 3ms/step - loss: …``.

    verbose 1 draws the bar (see NOTE [Progress output]); verbose 2 prints only
    `` - 2s - loss: …`` per epoch, as Keras 2 does; verbose 0 prints nothing.
    """

    def __init__(self, total, verbose):
        self.total, self.verbose = total, verbose
        self.stream = sys.stdout
        self.live = verbose == 1 and is_terminal(self.stream)
        self.start = clock()
        self.seen = 0
        self.last_draw = None
        self.drawn_width = 0

    def bar_line(self, logs, now, final):
        """The bar's text after ``self.seen`` steps: ETA while running, times when final."""
        digits = len(str(self.total))
        filled = int(WIDTH * self.seen / self.total) if self.total else WIDTH
        arrow = ">" if self.seen < self.total else "="
        bar = ("=" * (filled - 1) + arrow if filled else "") + "." * (WIDTH - filled)
        elapsed = now - self.start
        if final:
            info = f" - {elapsed:.0f}s {format_time_per_step(elapsed / max(self.seen, 1))}"
        else:
            eta = elapsed / max(self.seen, 1) * (self.total - self.seen)
            info = f" - ETA: {format_eta(eta)}"
        text = f"{self.seen:>{digits}}/{self.total} [{bar}]{info}"
        return f"{text} - {format_logs(logs)}" if logs else text

    def draw(self, line, end=""):
        """Redraw the live line in place, blanking what a longer earlier drawing left."""
        pad = " " * max(self.drawn_width - len(line), 0)
        self.stream.write(f"\r{line}{pad}{end}")
        self.stream.flush()
        self.drawn_width = len(line)

    def update(self, steps, logs):
        """Advance by ``steps``; on a terminal, redraw with the running ``logs``."""
        self.seen += steps
        if not self.live:
            return
        now = clock()
        if self.last_draw is not None and now - self.last_draw < INTERVAL:
            return
        self.last_draw = now
        self.draw(self.bar_line(logs, now, final=False))

    def close(self, logs):
        """Finish with the epoch's final ``logs`` (validation ones included): the bar's last
        drawing on a terminal, its only line elsewhere, or verbose 2's summary line."""
        now = clock()
        if self.verbose == 1:
            line = self.bar_line(logs, now, final=True)
            if self.live:
                self.draw(line, end="\n")
            else:
                echo(line)
        elif self.verbose == 2:
            echo(f" - {now - self.start:.0f}s - {format_logs(logs)}")
