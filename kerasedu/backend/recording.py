"""Whether ops record themselves, and whether a gradient is being taken of what they compute.

Two questions, each answered by the innermost ``with`` block around the current line:

* **Recording** (:func:`is_recording`): an op whose inputs need gradients keeps them and its
  backward function, so that :func:`~kerasedu.backend.autodiff.gradients` can be asked later.
  This is the default; ``with no_grad():`` switches it off (``predict`` and metrics run so).
* **Differentiating** (:func:`is_differentiating`): a gradient *will* be taken of what is computed
  now. That is the case inside ``with GradientTape():`` and in the training step of ``fit``.
  There a Tensor that carries a gradient may not leave the tape as a Python number or a numpy
  array (``float(t)``, ``np.asarray(t)``, ``t.numpy()``): the gradient would silently stop
  there. Outside it, when no gradient is being taken, such conversions are how results are
  printed, plotted and checked.

    with GradientTape() as tape:        # recording and differentiating
        loss = ops.sum(model(x))        # float(loss) here raises: loss carries a gradient
    print(float(loss))                  # fine: the tape is closed
    with no_grad():                     # neither
        y = model(x)
"""

_recording = [True]            # innermost block last
_differentiating = [False]


def is_recording():
    """True when ops record their inputs for differentiation."""
    return _recording[-1]


def is_differentiating():
    """True inside ``GradientTape`` (and fit's training step), unless ``no_grad`` is nearer."""
    return _differentiating[-1]


class _Scope:
    """A ``with`` block that sets both answers until it ends."""

    def __init__(self, recording, differentiating):
        self._state = (recording, differentiating)

    def __enter__(self):
        _recording.append(self._state[0])
        _differentiating.append(self._state[1])
        return self

    def __exit__(self, *exc):
        _recording.pop()
        _differentiating.pop()


class no_grad(_Scope):
    """Context manager: ops inside it record nothing (cheaper, and no gradients flow)."""

    def __init__(self):
        super().__init__(recording=False, differentiating=False)


class differentiating(_Scope):
    """Context manager: record, and treat what is computed as something to differentiate
    (:class:`~kerasedu.backend.autodiff.GradientTape` opens one)."""

    def __init__(self):
        super().__init__(recording=True, differentiating=True)
