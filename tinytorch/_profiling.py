"""The active profiler recording, if any (``tinytorch.profiler`` sets it; the backward engine
reads it once per pass to time each node; see NOTE [Profiler] in tinytorch/profiler.py)."""

recorder = None
