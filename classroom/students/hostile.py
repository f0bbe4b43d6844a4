"""Students who attack grading itself: the submissions of issue 16, for any problem set.

Each attack is code in an answer cell, added to a student who otherwise deserves a known score:
a blank notebook (nothing to gain but by cheating), a right one (nothing to lose but by being
sabotaged) or, for tampering with numpy, one whose values are wrong. Graded in the sandbox,
every attack fails and each student gets what their own work deserves; the tests also check
that the course is unchanged and that the students graded after them are unaffected.

The attacks find the course the way a real one would: from the kernel's working directory
(``autograded/<student>/<ps>``, three levels below the course, when grading is unsandboxed) and
from where kerasedu is installed (an editable install lives in the course). Only ever grade
them sandboxed (``sandbox="on"``): unsandboxed, they really do damage.

:func:`kinds` gives ``{name: (edit, failing, why)}`` for one problem set, in the format of
classroom/students/__init__.py.
"""

import re

from . import DELETE, Replace, code_answers, solution_code, test_points

# Where a student's code would look for the course.
_ROOTS = '''
import pathlib as _pathlib
import kerasedu as _kerasedu
_roots = {_pathlib.Path.cwd().resolve().parents[min(2, len(_pathlib.Path.cwd().parents) - 1)],
          _pathlib.Path(_kerasedu.__file__).resolve().parents[1]}
_roots = sorted(r for r in _roots if r != _pathlib.Path("/"))
'''

EDIT_KERASEDU = '''
import pathlib as _pathlib
import kerasedu as _kerasedu
_grading = _pathlib.Path(_kerasedu.__file__).resolve().parent / "grading"
_neuter = ("\\nfor _name in list(globals()):\\n    if _name.startswith('check_'):\\n"
           "        globals()[_name] = lambda *args, **kwargs: None\\n")
_done = []
for _path in sorted(_grading.glob("*.py")):
    try:
        with open(_path, "a") as _file:
            _file.write(_neuter)
        _done.append(_path.name)
    except OSError as _error:
        print(f"could not edit {_path.name}: {type(_error).__name__}")
print("edited:", _done)
'''

DETACHED_WRITER = _ROOTS + '''
import subprocess as _subprocess, sys as _sys
_daemon = """# kerasedu-hostile-daemon
import pathlib, sqlite3, sys, time
time.sleep(float(sys.argv[1]))
for root in sys.argv[2:]:
    try:
        db = sqlite3.connect(pathlib.Path(root) / "gradebook.db")
        db.execute("UPDATE grade SET manual_score = 1000")
        db.commit()
        (pathlib.Path(root) / "written-by-a-detached-process").write_text("1000 points")
    except Exception:
        pass
"""
_subprocess.Popen([_sys.executable, "-c", _daemon, "20", *map(str, _roots)],
                  start_new_session=True, stdin=_subprocess.DEVNULL,
                  stdout=_subprocess.DEVNULL, stderr=_subprocess.DEVNULL)
print("a process waits to write the gradebook")
'''

READ_SOLUTIONS = _ROOTS + '''
import shutil as _shutil, sqlite3 as _sqlite3
for _root in _roots:
    for _path in [*_root.glob("solutions/*/*.ipynb"), *_root.glob("submitted/*/*/*.ipynb"),
                  *_root.glob("autograded/*/*/*.ipynb"), _root / "gradebook.db",
                  *_pathlib.Path.cwd().glob("*.ipynb")]:
        try:
            print(_path, _path.read_text(errors="replace")[:20000])
            _shutil.copy(_path, "/tmp/kerasedu-stolen-" + _path.name)
        except OSError as _error:
            print(f"{_path}: {type(_error).__name__}")
    try:
        _db = _sqlite3.connect(f"file:{_root / 'gradebook.db'}?mode=ro", uri=True)
        print([row[0] for row in _db.execute("SELECT source FROM source_cell")])
    except Exception as _error:
        print(f"gradebook: {type(_error).__name__}")
    try:
        (_root / "written-by-a-student").write_text("was here")
    except OSError as _error:
        print(f"course root: {type(_error).__name__}")
'''

PRINT_EACH_CELL = '''
get_ipython().events.register("pre_run_cell", lambda info: print(info.raw_cell))
'''

PATCH_CHECKS_AND_RELOAD = '''
import importlib as _importlib
import kerasedu.grading as _grading
for _module in [_grading, *(getattr(_grading, _n) for _n in dir(_grading)
                            if type(getattr(_grading, _n)) is type(_grading))]:
    for _name in dir(_module):
        if _name.startswith("check_"):
            setattr(_module, _name, lambda *args, **kwargs: None)
_importlib.reload = lambda module: module
'''

PATCH_NUMPY = '''
import numpy as _np
_np.allclose = lambda *args, **kwargs: True
_np.array_equal = lambda *args, **kwargs: True
_np.isclose = lambda a, b, *args, **kwargs: _np.ones(_np.broadcast(a, b).shape, bool)
_np.testing.assert_allclose = lambda *args, **kwargs: None
_np.testing.assert_array_equal = lambda *args, **kwargs: None
'''

HIDDEN_TESTS_WORDS = '''
# My notes. ### BEGIN HIDDEN TESTS  (the grader hides these, I read)
'''

MEMORY_HOG = '''
_hog = []
try:
    while True:
        _hog.append(bytearray(100 * 2**20))   # filled with zeros: every page is touched
except MemoryError:
    print(f"memory hog stopped at {len(_hog) * 100} MB")
del _hog
'''

FORK_BOMB = '''
import subprocess as _subprocess, sys as _sys
_bomb = """
import os, time
end = time.time() + 3
while time.time() < end:
    try:
        os.fork()
    except OSError:
        time.sleep(0.01)
os._exit(0)
"""
_subprocess.run([_sys.executable, "-c", _bomb], timeout=60)
print("the fork bomb is over")
'''

NETWORK = '''
import socket as _socket, urllib.request as _request
for _address in [("1.1.1.1", 80), ("pypi.org", 443)]:
    try:
        _socket.create_connection(_address, timeout=3).close()
        print("network: connected to", _address)
    except OSError as _error:
        print("network: unreachable", _address, type(_error).__name__)
'''

STDERR_DEBUG = '''
import functools as _functools, sys as _sys

def _noisy(function):
    @_functools.wraps(function)
    def wrapper(*args, **kwargs):
        print("debug:", function.__qualname__, file=_sys.stderr)
        return function(*args, **kwargs)
    return wrapper

for _name, _value in list(globals().items()):
    if isinstance(_value, type) and _value.__module__ == __name__:
        for _attr, _method in list(vars(_value).items()):
            if callable(_method) and not _attr.startswith("__"):
                setattr(_value, _attr, _noisy(_method))
    elif callable(_value) and getattr(_value, "__module__", None) == __name__ \\
            and not _name.startswith("_"):
        globals()[_name] = _noisy(_value)
'''


def _stand_ins(ps):
    """Empty classes and functions under the names the answers define, so that test cells
    find something to check: with the checks switched off, they would pass."""
    names = re.findall(r"^(class|def) (\w+)", "\n".join(solution_code(ps).values()), re.M)
    return "".join(f"class {name}:\n    pass\n" if kind == "class" else
                   f"def {name}(*args, **kwargs):\n    return None\n" for kind, name in names)


def _with_attack(ps, attack, base):
    """``base``'s answers with ``attack`` run at the end of the first code answer cell, before
    every test cell but those of that answer."""
    first = code_answers(ps)[0]
    answers = dict(solution_code(ps)) if base == "full" else {}
    answers[first] = answers.get(first, "") + "\n" + attack
    return answers


def _deleting_tests(code, ps):
    return {**code, **dict.fromkeys(test_points(ps), DELETE)}


def _editing_tests(code, ps):
    """Right answers; of the test cells, one emptied, one made Markdown, one without its
    nbgrader metadata (as if deleted and typed again), one under another grade_id."""
    tests = list(test_points(ps))
    changes = {tests[0]: "pass  # my own test",
               tests[1]: Replace("my notes on this test", "markdown")}
    if len(tests) > 2:
        changes[tests[2]] = Replace("print('retyped test')", "code", None)
    if len(tests) > 3:
        changes[tests[3]] = Replace("pass", "code", {"grade_id": "my_test", "points": 100})
    return {**code, **changes}


# A kind of each problem set's students whose values are wrong, to build a tampering one on.
WRONG_VALUES = {"ps01_layers": "no_activation"}


def kinds(ps, wrong_values=None):
    """{name: (edit, failing, why)} of the hostile students for problem set ``ps``.
    ``wrong_values``: (edit, failing) of a student of ``ps`` whose values are wrong, for the
    one who patches numpy (left out when None)."""
    everything = tuple(test_points(ps))

    def on_blank(attack):
        return lambda code: _with_attack(ps, attack, "blank")

    def on_full(attack):
        return lambda code: _with_attack(ps, attack, "full")

    found = {
        "hostile_edits_kerasedu": (on_blank(EDIT_KERASEDU), everything,
                                   "appends code that switches the checks off to every module "
                                   "of kerasedu.grading, on disk"),
        "hostile_detached_writer": (on_blank(DETACHED_WRITER), everything,
                                    "starts a process that outlives its kernel and sets every "
                                    "score in the gradebook to 1000 after grading"),
        "hostile_reads_solutions": (on_blank(READ_SOLUTIONS), everything,
                                    "reads solutions/, the gradebook, other students' work and "
                                    "its graded notebook, prints them, copies them to /tmp and "
                                    "writes into the course root"),
        "hostile_prints_hidden_tests": (on_full(PRINT_EACH_CELL), everything,
                                        "right answers, then a callback that prints the source "
                                        "of every later cell, hidden tests included (changing "
                                        "how cells run is tampering)"),
        "hostile_patches_checks": (on_blank(_stand_ins(ps) + PATCH_CHECKS_AND_RELOAD),
                                   everything,
                                   "defines empty classes under the answers' names, replaces "
                                   "every check with a no-op and importlib.reload with one "
                                   "that does nothing"),
        "hostile_deletes_tests": (lambda code: _deleting_tests(code, ps), (),
                                  "right answers, every test cell deleted"),
        "hostile_edits_tests": (lambda code: _editing_tests(code, ps), (),
                                "right answers; test cells emptied, made Markdown, stripped of "
                                "their metadata, renamed, deleted"),
        "hostile_hidden_tests_words": (on_full(HIDDEN_TESTS_WORDS), (),
                                       "right answers with 'BEGIN HIDDEN TESTS' in a comment"),
        "hostile_memory_hog": (on_full(MEMORY_HOG), (),
                               "right answers, then allocates memory until it runs out"),
        "hostile_fork_bomb": (on_full(FORK_BOMB), (),
                              "right answers, then a fork bomb for three seconds"),
        "hostile_network": (on_full(NETWORK), (), "right answers, then opens connections"),
        "hostile_stderr_debug": (on_full(STDERR_DEBUG), (),
                                 "right answers whose every method prints a debug line to "
                                 "stderr"),
    }
    if wrong_values is not None:
        edit, failing = wrong_values

        def patched(code):
            answers = edit(code)
            first = code_answers(ps)[0]
            answers[first] = answers.get(first, code[first]) + "\n" + PATCH_NUMPY
            return answers
        found["hostile_patches_numpy"] = (patched, everything,
                                          "wrong values, and numpy's comparisons replaced by "
                                          "ones that always agree")
    return found
