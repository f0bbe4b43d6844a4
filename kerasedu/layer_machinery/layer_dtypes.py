"""A layer's dtypes, set by its dtype policy (see :mod:`kerasedu.dtype_policies`).

    layers.Dense(4, dtype="float64").compute_dtype     # 'float64'

* ``compute_dtype``: float inputs are cast to it before ``call`` (when ``autocast`` is on, the
  default), and symbolic outputs have it;
* ``variable_dtype``: ``add_weight`` makes weights of it unless told otherwise;
* ``dtype``: the variable dtype, as Keras 3 reports it;
* ``dtype_policy``: the policy itself; assigning a name or a policy changes all three.

:class:`LayerDTypes` is one of the classes :class:`~kerasedu.layer_machinery.layer.Layer` is
made of; it is never used on its own.
"""

from .. import dtype_policies


class LayerDTypes:
    """The dtype policy of a layer and the dtypes it gives (see the module docstring)."""

    @property
    def dtype_policy(self):
        return self.__dict__.get("_dtype_policy") or dtype_policies.get(None)

    @dtype_policy.setter
    def dtype_policy(self, value):
        self.__dict__["_dtype_policy"] = dtype_policies.get(value)

    @property
    def dtype(self):
        """The dtype of the layer's weights (its policy's variable dtype)."""
        return self.dtype_policy.variable_dtype

    @dtype.setter
    def dtype(self, value):
        self.dtype_policy = value

    @property
    def compute_dtype(self):
        """The dtype the layer computes in: float inputs are cast to it."""
        return self.dtype_policy.compute_dtype

    @property
    def variable_dtype(self):
        """The dtype of the weights ``add_weight`` makes."""
        return self.dtype_policy.variable_dtype

    @property
    def input_dtype(self):
        """The dtype inputs are cast to (the compute dtype)."""
        return self.compute_dtype
