"""Values that left the tape while no gradient was being taken, so that a gradient asked for
afterwards can tell whether one of them cut it.

Inside ``GradientTape`` a conversion such as ``float(t)`` of a Tensor that carries a gradient
is refused at the line that does it. Keras 2 code can ask for a gradient after the fact instead,
``K.gradients(loss, w)``, of a computation made with no tape open. There the same conversion must
work when it happens (it may be a print), and it is only wrong if the loss was being computed
at the time. So each such conversion is written down here:

* **when** it happened, on the clock that also stamps every recorded op (``tick``);
* **where**, the line that asked for it (a conversion kerasedu's own code makes, such as
  ``get_weights`` reading a weight, is a read and is not written down);
* **what it carried a gradient from**: the Variables (and watched Tensors) it was computed from;
* the Tensor itself, weakly, since a Tensor that is part of the loss's graph cut nothing.

:func:`refuse_cuts` is the check that ``gradients`` makes: a conversion between the loss's first
recorded op and the loss itself, of a Tensor computed from a source being differentiated and
not itself in the loss's graph, raises the same error the tape would have raised at its line.
The log keeps the last ``LENGTH`` conversions; older ones come before any loss computed now.
"""

import collections
import itertools
import os
import sys
import weakref

from .tape_exits import GradientDroppedError, dropped_gradient_message

LENGTH = 64
MAX_WALK = 20_000   # ops followed back from a converted Tensor; beyond, "from anything"

_clock = itertools.count(1)
_log = collections.deque(maxlen=LENGTH)
_asks = collections.deque(maxlen=LENGTH)    # when gradients were asked for
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep   # kerasedu/

Exit = collections.namedtuple("Exit", "time conversion what where sources tensor")


def tick():
    """The next moment on the clock shared by recorded ops and conversions."""
    return next(_clock)


def note_exit(tensor, conversion):
    """Write down that ``tensor`` (which carries a gradient) left the tape by ``conversion``,
    unless kerasedu's own code asked for it: ``get_weights``, metrics, callbacks and graders
    read values, they do not compute with them."""
    caller = sys._getframe(3)      # note_exit <- Tensor._leave_tape <- float/numpy/... <- caller
    if caller.f_code.co_filename.startswith(_PACKAGE):
        return
    where = f"{caller.f_code.co_filename}, line {caller.f_lineno}"
    _log.append(Exit(tick(), conversion, tensor._what(), where, _sources_of(tensor),
                     weakref.ref(tensor)))


def refuse_cuts(order, sources, ungraded):
    """Raise :class:`GradientDroppedError` if a conversion cut the gradient being asked for.

    ``order`` is every Tensor of the target's graph, ``sources`` the Tensors differentiated
    against and ``ungraded`` those of them that got no gradient at all. A conversion of a Tensor
    computed from one of ``sources``, and not itself in the graph, cut the gradient if it

    * happened while the target was being computed (between its first recorded op and itself),
      or
    * happened before the target was made, since the last gradient asked for, and one of the
      sources it was computed from got no gradient (the whole path went through it).
    """
    made = [t._made_at for t in order if t._made_at is not None]
    start, end = (min(made), max(made)) if made else (None, tick())
    since = max((t for t in _asks if t < end), default=0)
    _asks.append(tick())
    in_graph = {id(t) for t in order}
    for exit in _log:
        tensor = exit.tensor()
        if not since < exit.time < end or (tensor is not None and id(tensor) in in_graph):
            continue
        reached = [s for s in sources if _computed_from(exit, s)]
        cut = [s for s in reached if any(s is u for u in ungraded)]
        if start is not None and start < exit.time and reached:
            when = "while the target given to gradients() was being computed"
        elif cut:
            when = (f"before gradients() was asked for, and {cut[0]._what()} got no gradient "
                    f"at all")
        else:
            continue
        raise GradientDroppedError(
            dropped_gradient_message(exit.what, exit.conversion, when) +
            f" The conversion was at {exit.where}.")


def _computed_from(exit, source):
    if exit.sources is None:
        return True
    reference = exit.sources.get(id(source))
    return reference is not None and reference() is source


def _sources_of(tensor):
    """The Variables and watched Tensors that ``tensor`` was computed from, as weak references
    by id (an id alone could name a later object), or None when the graph is too large to
    follow."""
    found, seen, stack = {}, set(), [tensor]
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        if len(seen) > MAX_WALK:
            return None
        if t._parents is None:
            found[id(t)] = weakref.ref(t)
            continue
        stack.extend(p for p in t._parents if getattr(p, "_tracks_gradient", False))
    return found
