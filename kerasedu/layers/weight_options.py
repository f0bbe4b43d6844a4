"""A weight's options: its initializer, regularizer and constraint, stored on its layer.

A layer that takes ``kernel_initializer``, ``kernel_regularizer`` and ``kernel_constraint``
keeps each, resolved from a name, a config or an object, as ``layer.kernel_initializer`` and
so on (its get_config serializes them back), then creates the weight with all three::

    set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
    ...
    self.kernel = add_configured_weight(self, "kernel", (input_dim, units))
"""

from .. import constraints, initializers, regularizers


def set_weight_options(layer, weight, initializer, regularizer, constraint):
    """Store ``<weight>_initializer``, ``<weight>_regularizer`` and ``<weight>_constraint`` on
    ``layer``, each resolved from a name, a config or an object."""
    setattr(layer, f"{weight}_initializer", initializers.get(initializer))
    setattr(layer, f"{weight}_regularizer", regularizers.get(regularizer))
    setattr(layer, f"{weight}_constraint", constraints.get(constraint))


def add_configured_weight(layer, weight, shape, name=None):
    """``layer.add_weight`` with the initializer, regularizer and constraint that
    :func:`set_weight_options` stored for ``weight``; the weight is named ``name`` (default
    ``weight``)."""
    return layer.add_weight(name=name or weight, shape=shape,
                            initializer=getattr(layer, f"{weight}_initializer"),
                            regularizer=getattr(layer, f"{weight}_regularizer"),
                            constraint=getattr(layer, f"{weight}_constraint"))
