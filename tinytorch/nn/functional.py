"""``tinytorch.nn.functional``: stateless neural-network ops."""
