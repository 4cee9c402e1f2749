"""The op layer: one ``Op`` subclass per op, forward and backward side by side, plus the
public function form of each (``tinytorch.exp``, ``tinytorch.cat`` …)."""
