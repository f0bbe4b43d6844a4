"""Python functions stored as data, as Keras 3 stores a ``lambda``: marshalled bytecode in
base64, its default arguments and the values of its closure. Loading one runs code from the
data, so it is allowed only outside safe mode."""

import base64
import marshal
import types

from .registry import unsafe_deserialization_allowed


def dump_function(function):
    """(code, defaults, closure) of a Python function, as Keras stores a lambda: the code is
    its marshalled bytecode in base64, which only the same Python version can load."""
    code = base64.encodebytes(marshal.dumps(function.__code__)).decode("ascii")
    closure = (tuple(cell.cell_contents for cell in function.__closure__)
               if function.__closure__ else None)
    return code, function.__defaults__, closure


def load_function(code, defaults=None, closure=None, globals_=None):
    """The function that :func:`dump_function` stored. Runs code from the data: callers
    check safe mode first."""
    if isinstance(code, (list, tuple)):
        code, defaults, closure = code
    bytecode = marshal.loads(base64.b64decode(code.encode("ascii")))
    cells = tuple(types.CellType(value) for value in closure) if closure else None
    return types.FunctionType(bytecode, globals_ or {"__builtins__": __builtins__},
                              bytecode.co_name, tuple(defaults) if defaults else None, cells)


def refuse_bytecode_in_safe_mode(what):
    """Raise unless stored bytecode may be loaded."""
    if not unsafe_deserialization_allowed():
        raise ValueError(
            f"Requested the deserialization of {what}, stored as Python bytecode. Loading it "
            f"runs code from the file, so it is refused by default. If you trust the file, "
            f"pass safe_mode=False to the loading function, or call "
            f"kerasedu.saving.enable_unsafe_deserialization().")
