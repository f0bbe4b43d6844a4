"""Run a notebook in a fresh kernel and print which numba functions the kernel compiled.

    python count_compilations.py NOTEBOOK

test_classroom_hub.py runs this as a student, in a JupyterLab terminal of their server, so the
kernel has the environment a student's kernel has. numba announces a "numba:compile" event
only when it compiles; a function loaded from the cache announces none.
"""

import sys

import nbformat
from nbclient import NotebookClient

LISTEN = """\
from numba.core import event as _event

class _Compilations(_event.Listener):
    names = []

    def on_start(self, event):
        self.names.append(event.data["dispatcher"].py_func.__name__)

    def on_end(self, event):
        pass

_event.register("numba:compile", _Compilations())
"""

notebook = nbformat.read(sys.argv[1], as_version=4)
notebook.cells = [nbformat.v4.new_code_cell(LISTEN), *notebook.cells,
                  nbformat.v4.new_code_cell("print('COMPILED', sorted(_Compilations.names))")]
NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
print(notebook.cells[-1].outputs[0]["text"])
