"""Checks a student cannot switch off (kerasedu.grading.integrity).

Each case replaces something a check relies on, then runs a check of a wrong layer that the
replacement would let pass: the check must fail with TamperingError naming what was replaced,
and print the marker line on stdout. Tampering is permanent for a process (every later check
fails), so each case runs in a process of its own: a Python process for what plain Python
shows, a Jupyter kernel for IPython's machinery, with kerasedu.grading imported first, as the
grading kernel does. The cases run two at a time.
"""

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from grading_helpers import flat

from kerasedu.grading import TAMPERING_MARKER

pytestmark = pytest.mark.slow

STUDENT = '''
import sys
from kerasedu import activations, ops
from kerasedu.layers import Layer


class Dense(Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.activation = units, activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        return self.activation(ops.matmul(x, self.kernel) + self.bias)


class NoBias(Dense):
    def call(self, x):
        return self.activation(ops.matmul(x, self.kernel))
'''

WRONG = 'grading.check_call(NoBias, "Dense", (None, 3), args=(4,))'
RIGHT = 'grading.check_call(Dense, "Dense", (None, 3), args=(4,))'

# name: (code run after kerasedu.grading is imported, what the message must name)
IN_PYTHON = {
    "numpy.allclose": ("import numpy\nnumpy.allclose = lambda *a, **k: True",
                       "numpy.allclose was replaced"),
    "numpy's own module": ("import numpy._core.numeric as n\nn.allclose = lambda *a, **k: True",
                           "numpy._core.numeric.allclose was replaced"),
    "np.testing": ("import numpy.testing\nnumpy.testing.assert_allclose = print",
                   "numpy.testing.assert_allclose was replaced"),
    "importlib.reload": ("import importlib\nimportlib.reload = lambda module: module",
                         "importlib.reload was replaced"),
    "builtins.isinstance": ("import builtins\nbuiltins.isinstance = lambda *a: True",
                            "builtins.isinstance was replaced"),
    "builtins.__import__": ("import builtins\nbuiltins.__import__ = __import__.__call__",
                            "builtins.__import__ was replaced"),
    "sys.modules": ("import types\nsys.modules['numpy'] = types.ModuleType('numpy')",
                    "sys.modules['numpy'] was replaced"),
    "a grading helper": ("import kerasedu.grading.layer_checks as m\n"
                         "m.compare_outputs = lambda *a, **k: None",
                         "kerasedu.grading.layer_checks.compare_outputs was replaced"),
    "the reference layer's call": (
        "from kerasedu import layers\n"
        "layers.Dense.call = lambda self, x: ops.matmul(x, self.kernel)",
        "kerasedu.layers.core.dense.Dense.call was changed"),
    "a method added to the reference": (
        "from kerasedu import layers\nlayers.Dense.__call__ = lambda self, x: x",
        "kerasedu.layers.core.dense.Dense.__call__ was changed"),
    "a kerasedu op": ("from kerasedu.backend import ops as o\no.add = lambda a, b: a",
                      "kerasedu.backend.ops.add was replaced"),
    "a faster implementation registered": (
        "from kerasedu.backend import faster\n"
        "faster.register('bias_add', lambda x, bias, *a, **k: x)",
        "kerasedu.backend.faster._registered.bias_add was changed"),
    "a Tensor operator's table": (
        "from kerasedu.backend import operators\n"
        "key = next(iter(operators._BINARY))\noperators._BINARY[key] = lambda *a, **k: None",
        "kerasedu.backend.operators._BINARY."),
    "a function's defaults": ("from kerasedu import activations\n"
                              "activations.relu.__defaults__ = (1.0, None, 0.0)",
                              "the __defaults__ of kerasedu.activations.relu was replaced"),
    "inside the student's call, undone before the check compares": (
        "import numpy\n"
        "original = numpy.allclose\n"
        "def fake(*args, **kwargs):\n"
        "    numpy.allclose = original\n"
        "    return True\n"
        "def call(self, x):\n"
        "    numpy.allclose = fake\n"
        "    return self.activation(ops.matmul(x, self.kernel))\n"
        "NoBias.call = call",
        "numpy.allclose was replaced"),
}

# A check's own code cannot be changed at all: the assignment itself fails.
REFUSED = ("import kerasedu.grading.layer_checks as m\n"
           "m.compare_outputs.__code__ = (lambda *a, **k: None).__code__")


def _python(case_code, check=WRONG, then=RIGHT):
    script = "\n".join([
        "import kerasedu.grading",
        textwrap.dedent(STUDENT),
        "genuine = kerasedu.grading.check_call",
        "try:",
        textwrap.indent(case_code, "    "),
        "except AssertionError as error:",
        "    print('REFUSED', ' '.join(str(error).split()))",
        "import kerasedu.grading as grading",
        "grading = type('checks', (), {'check_call': staticmethod(genuine)})",
        "for attempt in (" + repr(check) + ", " + repr(then) + "):",
        "    try:",
        "        exec(attempt)",
        "        print('PASSED')",
        "    except AssertionError as error:",
        "        print('FAILED', type(error).__name__, ' '.join(str(error).split()))"])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300)
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def python_runs():
    cases = dict(IN_PYTHON, refused=(REFUSED, "tried to change the __code__ of "
                                              "kerasedu.grading.layer_checks.compare_outputs"))
    with ThreadPoolExecutor(2) as pool:
        runs = dict(zip(cases, pool.map(_python, [code for code, _ in cases.values()])))
    return cases, runs


@pytest.mark.parametrize("case", list(IN_PYTHON) + ["refused"])
def test_replacing_what_a_check_relies_on_fails_every_later_check(python_runs, case):
    cases, runs = python_runs
    output = runs[case]
    lines = output.splitlines()
    assert [line.split()[:2] for line in lines if line.startswith(("PASSED", "FAILED"))] == [
        ["FAILED", "TamperingError"]] * 2, output
    assert cases[case][1] in output, output
    if case == "refused":
        assert "REFUSED kerasedu.grading.layer_checks.compare_outputs.__code__ cannot be " \
               "changed: it is part of the checks." in output
    markers = [line for line in lines if line.startswith(TAMPERING_MARKER + ": ")]
    assert markers and cases[case][1] in markers[0], output


def test_an_untouched_process_grades_as_usual():
    output = _python("pass")
    assert [line.split()[:2] for line in output.splitlines()
            if line.startswith(("PASSED", "FAILED"))] == [["FAILED", "GradingError"],
                                                          ["PASSED"]], output
    assert TAMPERING_MARKER not in output


# ---------------------------------------------------------------------- in a kernel

# name: (the answer cell's tampering, what the message must name, grading imported first)
IN_KERNEL = {
    "set_custom_exc": ("get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)",
                       "IPython's shell.CustomTB was replaced", True),
    "showtraceback on the shell": ("get_ipython().showtraceback = lambda *a, **k: None",
                                   "IPython's shell.showtraceback was replaced", True),
    "showtraceback on the class": (
        "type(get_ipython())._showtraceback = lambda *a, **k: None",
        "ipykernel.zmqshell.ZMQInteractiveShell._showtraceback was changed", True),
    "an input transformer": (
        "get_ipython().input_transformers_post.append(\n"
        "    lambda lines: ['pass\\n'] if any('grading' in l for l in lines) else lines)",
        "IPython's input_transformers_post were changed", True),
    "an event that clears the outputs": (
        "from IPython.display import clear_output\n"
        "get_ipython().events.register('post_run_cell', lambda result: clear_output())",
        "IPython's post_run_cell callbacks were changed", True),
    "the package in sys.modules": (
        "import types\nfake = types.ModuleType('kerasedu.grading')\n"
        "fake.check_call = lambda *a, **k: None\nsys.modules['kerasedu.grading'] = fake\n"
        "import kerasedu\nkerasedu.grading = fake",
        "sys.modules['kerasedu.grading'] was replaced", True),
    "a check of the package": ("import kerasedu.grading\n"
                               "kerasedu.grading.check_call = lambda *a, **k: None",
                               "kerasedu.grading.check_call was replaced", True),
    "the cell's builtins": ("get_ipython().user_ns['__builtins__'] = {'__import__': __import__}",
                            "the notebook's namespace['__builtins__'] was replaced", True),
    "importlib.reload, in a student's own kernel": (
        "import importlib\nimportlib.reload = lambda module: module",
        "importlib.reload was defined in this notebook", False),
    "set_custom_exc, in a student's own kernel": (
        "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)",
        "IPython's custom exception handlers (set_custom_exc) were set", False),
    "numpy.allclose, in a student's own kernel": (
        "import numpy\nnumpy.allclose = lambda *a, **k: True",
        "numpy.allclose was defined in this notebook", False),
}


def _kernel(cells, preimport=True):
    notebook = nbformat.v4.new_notebook()
    sources = (["import kerasedu.grading"] if preimport else []) + cells
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    from nbclient import NotebookClient
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return notebook.cells[len(notebook.cells) - len(cells):]


def _outputs(cell):
    errors = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
    streams = {name: "".join(o.text for o in cell.outputs if o.get("name") == name)
               for name in ("stdout", "stderr")}
    return errors, streams


def _tampering_case(case):
    code, _, preimport = IN_KERNEL[case]
    test = f"from kerasedu import grading\n{WRONG}"
    return _kernel([STUDENT + "\n" + code, test, f"from kerasedu import grading\n{RIGHT}"],
                   preimport)


@pytest.fixture(scope="module")
def kernel_runs():
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(IN_KERNEL, pool.map(_tampering_case, IN_KERNEL)))


@pytest.mark.parametrize("case", IN_KERNEL)
def test_in_a_kernel_a_test_cell_after_tampering_fails_and_says_why(kernel_runs, case):
    _, wrong_test, right_test = kernel_runs[case]
    for cell in (wrong_test, right_test):
        errors, streams = _outputs(cell)
        assert errors and errors[0].startswith("TamperingError: Tampering detected"), (
            cell.outputs)
        assert IN_KERNEL[case][1] in flat(errors[0]), errors
        assert any(line.startswith(TAMPERING_MARKER + ": ")
                   for line in streams["stdout"].splitlines()), streams


def test_in_a_kernel_usual_code_is_not_tampering():
    benign = STUDENT + textwrap.dedent('''
        import contextlib, importlib, io, warnings
        import kerasedu.grading
        importlib.reload(kerasedu.grading)
        with warnings.catch_warnings(record=True), contextlib.redirect_stdout(io.StringIO()):
            warnings.warn("a warning")
            print("hidden")
        class Loud(Dense):
            def call(self, x):
                print("debugging call", x.shape, file=sys.stderr)
                return super().call(x)
        ''')
    cells = _kernel([benign, f"from kerasedu import grading\n{RIGHT}",
                     'grading.check_call(Loud, "Dense", (None, 3), args=(4,))',
                     f"{WRONG}"])
    for cell in cells[1:3]:
        errors, streams = _outputs(cell)
        assert not errors and not streams["stderr"], cell.outputs
    assert "Your code printed this to stderr while the check ran:\n  debugging call (4, 3)" \
        in _outputs(cells[2])[1]["stdout"]
    errors, streams = _outputs(cells[3])
    assert errors and errors[0].startswith("GradingError: NoBias.call computes the wrong"), errors
    assert TAMPERING_MARKER not in streams["stdout"]


def test_in_a_chinese_kernel_feedback_and_tampering_are_in_chinese():
    """A Chinese problem set's imports cell chooses Chinese after the grading kernel imported
    kerasedu.grading: the choice is not tampering, survives a reload of the package, and the
    tampering message (IPython's labels included) is Chinese while the marker line that
    ``make grade`` looks for stays as it is."""
    imports = STUDENT + "\nfrom kerasedu import grading\ngrading.use_language('zh_CN')"
    reload = "import importlib, kerasedu.grading\nimportlib.reload(kerasedu.grading)"
    tamper = "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)"
    cells = _kernel([imports, reload, f"from kerasedu import grading\n{WRONG}", tamper,
                     f"from kerasedu import grading\n{RIGHT}"])
    for cell in cells[:2]:
        assert _outputs(cell) == ([], {"stdout": "", "stderr": ""}), cell.outputs
    errors, streams = _outputs(cells[2])
    assert errors and errors[0].startswith("GradingError: NoBias.call 算出的值不对"), errors
    assert TAMPERING_MARKER not in streams["stdout"]
    errors, streams = _outputs(cells[4])
    assert errors and errors[0].startswith("TamperingError: 检测到篡改："), errors
    assert "IPython 的 shell.CustomTB 被替换了" in flat(errors[0]), errors
    assert any(line.startswith(TAMPERING_MARKER + ": IPython 的 shell.CustomTB 被替换了")
               for line in streams["stdout"].splitlines()), streams
