"""Neural-network modules (``tinytorch.nn``)."""
