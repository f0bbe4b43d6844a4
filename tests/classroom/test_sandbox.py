"""classroom/sandbox.py and classroom/kernel.py: what a student's code can and cannot do.

Each test runs code in the sandbox that grading gives a student's kernel, with the repository
as the course, and checks one wall: the course's files, the environment, the network, other
processes, memory, CPU, processes, the private /tmp, and what survives the sandbox. Then a kernel
started by SandboxedKernelManager: interrupts reach it, it sees its submission's files and not
the graded notebook, and it loads kerasedu's kernels from the warmed cache. Skipped where
bubblewrap cannot start (not Linux, not installed, no user namespaces), except in CI.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from classroom import findings, kernel, sandbox

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
LIMITS = sandbox.Limits(memory=768 * 2**20, cpu_seconds=2, processes=48, tmp_size=64 * 2**20)


@pytest.fixture(scope="module")
def environment():
    return sandbox.Environment.of(PYTHON, [REPO])


@pytest.fixture(scope="module")
def options(environment):
    probe = kernel.sandbox_probe(PYTHON, REPO, LIMITS)
    if not probe.ok:
        if os.environ.get("CI"):
            pytest.fail(f"the grading sandbox must start in CI: {probe.reason}")
        pytest.skip(f"no sandbox here: {probe.reason}")
    return probe.options


def run(code, environment, options, env=None, limits=LIMITS, timeout=60):
    """Run ``code`` in a sandbox like a student's kernel's; returns the CompletedProcess."""
    slot = kernel._claim_slot() if sandbox.running_as_root() else None
    try:
        argv = sandbox.command([PYTHON, "-c", code], environment, limits,
                               sandbox.kernel_environment(env or os.environ),
                               **{**options, "uid": kernel._slot_uid(slot)})
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    finally:
        if slot is not None:
            os.close(slot[0])


def test_the_environment_is_the_python_environment_and_kerasedu_not_the_course(environment):
    folders = [Path(f) for f in environment.folders]
    assert REPO / "kerasedu" in folders
    assert REPO not in folders and not any(f in REPO.parents for f in folders)
    assert Path(sys.prefix).resolve() in folders or any(
        f in Path(sys.prefix).resolve().parents for f in folders)


def test_the_course_is_out_of_sight_and_kerasedu_read_only(environment, options):
    done = run(f"""
import os, pathlib
repo = pathlib.Path({str(REPO)!r})
print(sorted(os.listdir(repo)))
for name in ["solutions", "exercises", "nbgrader_config.py", "classroom", "tests"]:
    print(name, (repo / name).exists())
target = repo / "kerasedu" / "grading" / "layer_checks.py"
print("readable", len(target.read_text()) > 0)
for attempt in (lambda: open(target, "a").write("x"),
                lambda: (repo / "kerasedu" / "new.py").write_text("x"),
                lambda: os.chmod(target, 0o777)):
    try:
        attempt()
        print("WROTE")
    except OSError as error:
        print("refused", type(error).__name__)
""", environment, options)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    assert set(eval(lines[0])) <= {".venv", "kerasedu"}
    assert all(line.endswith("False") for line in lines[1:6])
    assert lines[6] == "readable True"
    assert [line.split()[0] for line in lines[7:]] == ["refused"] * 3


def test_secrets_in_the_environment_stay_outside(environment, options):
    secret = uuid.uuid4().hex
    done = run("import os, json; print(json.dumps(dict(os.environ)))", environment, options,
               env={**os.environ, "JUPYTERHUB_API_TOKEN": secret, "AWS_SECRET_ACCESS_KEY": secret,
                    "KERASEDU_KERNELS": "numba"})
    inside = json.loads(done.stdout)
    assert secret not in done.stdout
    assert inside["KERASEDU_KERNELS"] == "numba"
    assert inside["HOME"] == sandbox.HOME and inside["NUMBA_CACHE_DIR"] == sandbox.NUMBA_CACHE


def test_no_network_no_other_processes_no_root(environment, options):
    done = run("""
import os, socket
try:
    socket.create_connection(("1.1.1.1", 80), timeout=3)
    print("connected")
except OSError as error:
    print("unreachable", error.errno)
print(sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
print(os.getuid(), open("/proc/self/status").read().split("CapEff:")[1].split()[0])
""", environment, options)
    network, pids, user = done.stdout.splitlines()
    assert network.startswith("unreachable")
    assert max(eval(pids)) < 10           # its own PID namespace: a handful of processes
    uid, capabilities = user.split()
    assert uid != "0" and int(capabilities, 16) == 0


def test_memory_is_limited(environment, options):
    done = run("""
hog = []
try:
    while True:
        hog.append(bytearray(32 * 2**20))
except MemoryError:
    print(len(hog) * 32)
""", environment, options)
    megabytes = int(done.stdout)
    assert 256 < megabytes <= LIMITS.memory / 2**20


def test_processes_are_limited(environment, options):
    done = run("""
import os, time
children = 0
while True:
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    children += 1
print(children)
os.killpg(os.getpgrp(), 9)
""", environment, options)
    assert 0 < int(done.stdout) < LIMITS.processes


def test_cpu_time_is_limited(environment, options):
    start = time.monotonic()
    done = run("while True: pass", environment, options)
    assert done.returncode in (-signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGXCPU,
                               128 + signal.SIGKILL)
    assert time.monotonic() - start < 30


def test_the_private_tmp_is_bounded_and_the_only_place_to_write(environment, options):
    done = run("""
import os
try:
    with open("/tmp/big", "wb") as f:
        while True:
            f.write(b"x" * 2**20)
except OSError as error:
    print(os.path.getsize("/tmp/big") // 2**20, error.errno)
for path in ["/usr/x", "/etc/x", "/x", "/proc/x"]:
    try:
        open(path, "w")
        print("WROTE", path)
    except OSError:
        pass
""", environment, options)
    size, errno = done.stdout.split()
    assert int(size) <= LIMITS.tmp_size / 2**20 and int(errno) in (27, 28)  # EFBIG, ENOSPC
    assert "WROTE" not in done.stdout


def test_no_process_outlives_the_sandbox(environment, options, processes_with):
    marker = f"kerasedu-test-{uuid.uuid4().hex}"
    done = run(f"""
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", {marker!r}],
                 start_new_session=True, stdin=subprocess.DEVNULL,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("started")
""", environment, options)
    assert done.stdout.strip() == "started"
    time.sleep(1)
    assert not processes_with(marker)


def test_the_probe_says_why_without_bubblewrap(environment, monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    probe = sandbox.probe(environment, LIMITS)
    assert not probe.ok and "bubblewrap is not installed" in probe.reason


NOBODY = 65534
SYSTEM_PYTHON = Path("/usr/bin/python3")


@pytest.mark.skipif(not sandbox.running_as_root() or not SYSTEM_PYTHON.exists(),
                    reason="run as root, to become an ordinary user (as an ordinary user, "
                           "every test above takes the ordinary user's way)")
def test_an_ordinary_user_gets_the_same_walls_without_any_privilege(tmp_path):
    """An instructor on a JupyterHub server is an ordinary user: bubblewrap then makes a user
    namespace (``user_namespace=True``, no ``uid``), and the process limit counts only the
    sandbox's own processes. Here the sandbox starts as the user nobody, with the system's
    Python (this environment's may live in a folder nobody can enter)."""
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (course / "solutions" / "answers.txt").write_text("42")
    tmp_path.chmod(0o755)
    course.chmod(0o755)
    code = f"""
import os, pathlib, socket
print(os.getuid(), pathlib.Path({str(course)!r}).exists())
try:
    socket.create_connection(("1.1.1.1", 80), timeout=3)
    print("connected")
except OSError:
    print("unreachable")
try:
    open("/usr/kerasedu-was-here", "w")
    print("wrote")
except OSError:
    print("refused")
"""
    argv = sandbox.command([str(SYSTEM_PYTHON), "-c", code],
                           sandbox.Environment(str(SYSTEM_PYTHON)), LIMITS,
                           sandbox.kernel_environment(os.environ), user_namespace=True)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd="/",
                          user=NOBODY, group=NOBODY, extra_groups=[])
    if done.returncode and "Operation not permitted" in done.stderr:
        if os.environ.get("CI"):
            pytest.fail(f"an ordinary user cannot start the sandbox: {done.stderr}")
        pytest.skip(f"no user namespaces for ordinary users here: {done.stderr}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == [f"{NOBODY} False", "unreachable",
                                            "refused"], done.stdout


# --- kernels started by SandboxedKernelManager, through nbclient as nbgrader runs them ---

def _execute(tmp_path, sources, timeout=5, **settings):
    from traitlets.config.loader import PyFileConfigLoader

    from classroom.execute import SandboxedExecute

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    config.SandboxedKernelManager.update(warm_up=False, **settings)
    config.Execute.timeout = timeout
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(notebook, tmp_path / "graded.ipynb")   # as autograde leaves it, next to files
    (tmp_path / "data.txt").write_text("the student's own file")
    executor = SandboxedExecute(config=config)
    findings.take()
    executor.preprocess(notebook, {"metadata": {"path": str(tmp_path)},
                                   "nbgrader": {"notebook": "graded"}})
    return notebook, findings.take()


def _text(cell):
    return "".join(o.get("text", "") + o.get("evalue", "") for o in cell.outputs)


def test_a_sandboxed_kernel_runs_a_notebook_and_its_cells_can_be_interrupted(tmp_path,
                                                                             options):
    notebook, found = _execute(tmp_path, [
        "import os; print(sorted(os.listdir('.')), open('data.txt').read())",
        "while True:\n    pass",
        "print('still alive')",
    ])
    first, endless, after = notebook.cells
    assert _text(first).strip() == "['data.txt'] the student's own file"
    assert [o.ename for o in endless.outputs if o.output_type == "error"] == [
        "KeyboardInterrupt", "CellTimeoutError"]
    assert "this cell (cell 2) was still running after 5 seconds" in _text(endless)
    assert _text(after).strip() == "still alive"
    assert found == {findings.CELL_TIMEOUT: ["graded: cell 2"]}


def test_the_checks_are_imported_before_the_first_cell(tmp_path, options):
    notebook, _ = _execute(tmp_path, ["import sys; print('kerasedu.grading' in sys.modules)"])
    assert _text(notebook.cells[0]).strip() == "True"


def test_kernels_load_kerasedu_kernels_from_the_warmed_cache(tmp_path, options):
    from classroom.kernel_cache import cache_folder, warm_up

    warm_up(PYTHON, cache_folder())
    # Inside, warmup loads every kernel; had it compiled one, numba would have written it
    # into the kernel's copy of the cache. The grader's cache itself is read-only there.
    notebook, _ = _execute(tmp_path, [f"""
import os, subprocess, sys
def files():
    return sorted(os.path.join(d, f) for d, _, names in os.walk({sandbox.NUMBA_CACHE!r})
                  for f in names)
before = files()
subprocess.run([sys.executable, "-m", "kerasedu", "warmup"], capture_output=True, check=True)
try:
    open(os.path.join({sandbox.WARM_CACHE!r}, "planted.nbi"), "w")
    writable = True
except OSError:
    writable = False
print(len(before), files() == before, writable)
"""], timeout=300)
    count, unchanged, writable = _text(notebook.cells[0]).split()
    assert int(count) > 10 and unchanged == "True", _text(notebook.cells[0])
    assert writable == "False" and not (cache_folder() / "planted.nbi").exists()


def test_unsandboxed_kernels_are_noted(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    monkeypatch.setattr(kernel, "_probes", {})
    notebook, found = _execute(tmp_path, ["print(1 + 1)"])
    assert _text(notebook.cells[0]).strip() == "2"
    assert found[findings.UNSANDBOXED] == [
        "bubblewrap is not installed (Debian and Ubuntu: sudo apt-get install bubblewrap)"]


def test_a_required_sandbox_refuses_to_start_a_kernel_without_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    monkeypatch.setattr(kernel, "_probes", {})
    with pytest.raises(kernel.SandboxUnavailable, match="bubblewrap is not installed"):
        _execute(tmp_path, ["print(1)"], sandbox="on")
