"""A model's state (its variables and its optimizer's) out to a weights file's entries, and back.

``collect_state(model)`` gives ``[(path, name, {"0": array, ...})]`` in the order and at the
paths of :mod:`kerasedu.saving.object_walk`, ready for :func:`kerasedu.saving.h5_store.write_h5`.
``restore_state(model, stored, ...)`` puts them back: every layer's values are checked
against its variables (count, shape, dtype) before any variable changes, and if something
still fails while assigning (a layer's own ``load_own_variables``), every variable gets its
old value back. So a file that does not fit leaves the model as it was.

The optimizer's slots follow its variables' order: Keras builds it on the model's trainable
variables in Keras's layer order, kerasedu in ``model.layers`` order. Where the two differ
(functional models with several branches), the slots are written and read in Keras's order.
An optimizer whose saved state does not fit (another optimizer, or one not built the same
way) keeps its own state, as in Keras.
"""

from ..layer_machinery.layer import Layer
from ..layer_machinery.layer_state import stored_value_problem
from ..optimizers import Optimizer
from .h5_store import WeightsFileError
from .object_walk import is_graph_model, keras_layer_order, saveable_objects


def collect_state(model):
    """``[(path, name, {key: array})]`` for everything with state in ``model``."""
    entries = []
    for path, obj in saveable_objects(model):
        store = {}
        if isinstance(obj, Optimizer):
            for i, variable in enumerate(keras_ordered_optimizer_variables(obj, model)):
                store[str(i)] = variable.numpy()
        else:
            obj.save_own_variables(store)
        entries.append((path, getattr(obj, "name", None), store))
    return entries


def restore_state(model, stored, description, skip_mismatch=False):
    """Load ``stored`` (``{path: {key: array}}``, from a weights file) into ``model``.

    Raises WeightsFileError naming every layer whose stored values do not fit, and changes
    nothing, unless ``skip_mismatch`` (then those layers keep their values).
    """
    plan, problems, optimizers = [], [], []
    for path, obj in saveable_objects(model):
        store = stored.get(path, {})
        if isinstance(obj, Optimizer):
            optimizers.append((obj, store))
            continue
        if type(obj).load_own_variables is Layer.load_own_variables:
            try:
                obj._check_load_own_variables(store)
            except ValueError as error:
                problems.append(f"'{path or model.name}': {error}")
                continue
        plan.append((obj, store))
    if problems and not skip_mismatch:
        raise WeightsFileError(
            f"{description} does not fit model '{model.name}' ({len(problems)} of its layers "
            f"differ); no weight was changed.\n" + "\n".join(problems))
    snapshot = [(v, v.numpy().copy()) for v in _all_variables(model)]
    try:
        for obj, store in plan:
            obj.load_own_variables(store)
        for optimizer, store in optimizers:
            _load_optimizer(optimizer, store, model)
    except BaseException:
        for variable, value in snapshot:
            variable.assign(value)
        raise


def _all_variables(model):
    variables = list(model.weights)
    optimizer = getattr(model, "optimizer", None)
    if isinstance(optimizer, Optimizer):
        variables += optimizer.variables
    return variables


def _load_optimizer(optimizer, store, model):
    if not store:
        return
    if not optimizer.built:
        optimizer.build(model.trainable_weights)
    variables = keras_ordered_optimizer_variables(optimizer, model)
    if len(store) != len(variables):
        return
    values = [store.get(str(i)) for i in range(len(variables))]
    if any(value is None or stored_value_problem(variable, value)
           for variable, value in zip(variables, values)):
        return
    for variable, value in zip(variables, values):
        variable.assign(value)


def keras_trainable_variables(model):
    """The model's trainable variables in the order Keras 3 lists them (its layers in Keras's
    order, each with its own variables and then its sublayers')."""
    if not model.trainable:
        return []
    layers = keras_layer_order(model) if is_graph_model(model) else model.layers
    own = [v for v in model._trainable_variables if v.trainable]
    nested = []
    for layer in layers:
        nested += keras_trainable_variables(layer) if layer._is_model else \
            layer.trainable_weights
    seen, ordered = set(), []
    for variable in own + nested:
        if id(variable) not in seen:
            seen.add(id(variable))
            ordered.append(variable)
    return ordered


def keras_ordered_optimizer_variables(optimizer, model):
    """The optimizer's variables in the order a Keras optimizer built on the same model
    would list them: its slots rearranged to follow :func:`keras_trainable_variables`."""
    variables = optimizer.variables
    built_on = list(getattr(optimizer, "_trainable_variables", []))
    keras_order = keras_trainable_variables(model)
    if not optimizer.built or [id(v) for v in built_on] == [id(v) for v in keras_order] or \
            sorted(map(id, built_on)) != sorted(map(id, keras_order)):
        return variables
    by_name = {v.name: v for v in variables}
    if len(by_name) != len(variables):
        return variables
    twin = type(optimizer).from_config(optimizer.get_config())
    twin.build(keras_order)
    if len(twin.variables) != len(variables) or any(v.name not in by_name
                                                    for v in twin.variables):
        return variables
    return [by_name[v.name] for v in twin.variables]


__all__ = ["collect_state", "keras_ordered_optimizer_variables", "keras_trainable_variables",
           "restore_state"]
