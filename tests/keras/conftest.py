"""Fixtures for the Keras-layer tests: fresh layer names and a fixed seed per test."""

import pytest

import tinytorch
from tinytorch.keras import backend


@pytest.fixture(autouse=True)
def fresh_session():
    backend.clear_session()
    tinytorch.manual_seed(0)
    yield
    backend.clear_session()
