"""A stand-in for ``cupyx`` beside the CuPy one (see ../cupy): ``errstate``, which on a GPU
makes ``cupy.linalg`` raise LinAlgError for a failed factorisation; the stand-in's linalg is
NumPy's, which raises anyway."""

import contextlib


def errstate(**kwargs):
    return contextlib.nullcontext()
