"""The classroom install's parts one at a time: choosing an interpreter every user can run, the
audit's findings, and each user's view of the warmed kernel cache. (test_classroom_hub.py
builds the whole install and runs a hub on it.)"""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from classroom import audit, install

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "classroom" / "jupyter"))
from shared_cache_links import link_shared_cache  # noqa: E402


def _tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


# Who can reach what.

@pytest.fixture
def open_tmp():
    """A scratch folder every user may enter (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="kerasedu-install-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_a_folder_only_its_owner_may_enter_blocks_everything_below(open_tmp):
    inside = open_tmp / "private" / "bin"
    inside.mkdir(parents=True)
    python = inside / "python"
    python.write_text("")
    for path in (open_tmp / "private", inside, python):
        path.chmod(0o755)
    assert audit.not_reachable_by_all(str(python)) is None
    (open_tmp / "private").chmod(0o700)
    assert audit.not_reachable_by_all(str(python)) == str(open_tmp / "private")
    (open_tmp / "private").chmod(0o755)
    python.chmod(0o750)
    assert audit.not_reachable_by_all(str(python)) == str(python)


def test_an_interpreter_under_a_private_folder_is_refused_with_the_reason(open_tmp):
    system = shutil.which("python3.11", path="/usr/bin") or pytest.skip("no /usr/bin/python3")
    assert install.why_not_usable(system) is None
    private = open_tmp / "root-home" / "bin"
    private.mkdir(parents=True)
    shutil.copy(system, private / "python3")  # a Python installed in root's home
    (open_tmp / "root-home").chmod(0o700)
    reason = install.why_not_usable(str(private / "python3"))
    assert reason == (f"{private / 'python3'} lives under {open_tmp / 'root-home'}, which other "
                      "users cannot enter (its servers would fail with Permission denied)")
    with pytest.raises(SystemExit) as refused:
        install.choose_python(str(private / "python3"))
    assert "No Python that every user can run" in str(refused.value) and reason in str(
        refused.value)
    assert "was not found" in install.why_not_usable(str(open_tmp / "no-python"))


def test_the_install_refuses_a_prefix_inside_the_clone():
    if os.geteuid() != 0:
        pytest.skip("the install runs as root")
    with pytest.raises(SystemExit) as refused:
        install.main(["--prefix", str(install.REPOSITORY / "opt")])
    assert "inside the clone, which holds the solutions" in str(refused.value)


# The audit.

def _installed(folder):
    prefix = _tree(folder / "opt", {
        "venv/lib/python3.11/site-packages/kerasedu/__init__.py": "",
        "venv/lib/python3.11/site-packages/nbgrader/docs/example.ipynb":
            "### BEGIN SOLUTION\n",  # nbgrader's own examples: not the course's
        "classroom/jupyterhub_config.py": "",
        "chapters/01_layers.ipynb": "{}",
    })
    kernels = prefix / "venv/lib/python3.11/site-packages/kerasedu"
    folder = f"kerasedu_{hashlib.sha1(str(kernels).encode()).hexdigest()}"
    _tree(prefix / "numba-cache" / folder, {"layers.relu-10.py311.nbi": ""})
    (prefix / "venv" / "bin").mkdir(parents=True)
    (prefix / "venv" / "bin" / "python").symlink_to("/usr/bin/python3")
    install.lock_down(prefix)
    return prefix


def _as_root():
    if os.geteuid() != 0:
        pytest.skip("the classroom's files belong to root")


def test_a_clean_install_has_nothing_to_report(open_tmp):
    _as_root()
    assert audit.audit_install(_installed(open_tmp)) == []


@pytest.mark.parametrize("damage, finding", [
    (lambda p: _tree(p, {"solutions/ps01/ps01.ipynb": "{}"}), "instructors only"),
    (lambda p: _tree(p, {"chapters/ps01.ipynb": "### BEGIN HIDDEN TESTS\n"}),
     "holds solutions or hidden tests"),
    (lambda p: _tree(p, {"gradebook.db": ""}), "instructors only"),
    (lambda p: (p / "chapters").chmod(0o777), "someone other than root could change"),
    (lambda p: os.chown(p / "classroom" / "jupyterhub_config.py", 1, 1),
     "owned by uid 1"),
    (lambda p: [f.unlink() for f in (p / "numba-cache").rglob("*.nbi")], "no compiled kernels"),
    (lambda p: (p / "numba-cache" / "kernels_0123").mkdir(),
     "compiled from a kerasedu other than the installed one"),
])
def test_the_audit_reports_what_students_could_read_or_change(open_tmp, damage, finding):
    _as_root()
    prefix = _installed(open_tmp)
    damage(prefix)
    problems = audit.audit_install(prefix)
    assert problems and any(finding in p for p in problems), problems
    assert all("\n    fix: " in p for p in problems)


def test_the_exchange_audit_finds_a_course_folder_a_student_owns(tmp_path):
    _as_root()
    exchange = tmp_path / "exchange"
    (exchange / "kerasedu" / "inbound").mkdir(parents=True)
    (exchange / "kerasedu" / "inbound").chmod(0o2733)  # as nbgrader's release leaves it
    exchange.chmod(0o1777)
    assert audit.audit_exchange(exchange, {0}) == []
    problems = audit.audit_exchange(exchange, {12345})
    assert any("not owned by an instructor" in p for p in problems)
    (exchange / "kerasedu" / "inbound").chmod(0o777)
    problems = audit.audit_exchange(exchange, {0})
    assert any(str(exchange / "kerasedu" / "inbound") in p and "list or change" in p
               for p in problems)


def test_the_state_audit_finds_a_database_others_can_read(tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / "jupyterhub.sqlite").write_text("")
    (state / "jupyterhub.sqlite").chmod(0o644)
    (state / "instructors.txt").write_text("no-such-account-here\n")
    problems = audit.audit_server(state, tmp_path / "exchange")
    assert any(p.startswith(f"{state / 'jupyterhub.sqlite'}: mode -rw-r--r--") for p in problems)
    assert any("no-such-account-here: listed in the class lists but has no account" in p
               for p in problems)


def test_the_command_exits_1_and_prints_each_problem(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "classroom.audit", "--prefix", str(tmp_path / "none"),
         "--state", str(tmp_path), "--exchange", str(tmp_path / "none")],
        capture_output=True, text=True, cwd=install.REPOSITORY)
    assert result.returncode == 1
    assert f"{tmp_path / 'none'}: no classroom install here" in result.stdout
    assert result.stdout.rstrip().endswith("problems found")


# Each user's view of the warmed cache.

def test_a_users_cache_links_every_shared_kernel_and_keeps_their_own(tmp_path):
    shared = _tree(tmp_path / "shared", {"kernels_ab/relu.nbi": "index",
                                         "kernels_ab/relu.1.nbc": "code",
                                         "kernels_cd/conv.nbi": "index"})
    own = tmp_path / "home" / ".cache" / "kerasedu-numba"
    assert link_shared_cache(str(shared), str(own)) == 3
    for name in ("kernels_ab/relu.nbi", "kernels_ab/relu.1.nbc", "kernels_cd/conv.nbi"):
        assert (own / name).is_symlink() and (own / name).read_text() == (shared / name)\
            .read_text()
    assert stat.S_IMODE((own / "kernels_ab").stat().st_mode) == 0o700
    assert link_shared_cache(str(shared), str(own)) == 0  # nothing new

    # numba compiled a dtype nobody warmed: it rewrote the index as a file of the user's own.
    (own / "kernels_ab" / "relu.nbi").unlink()
    (own / "kernels_ab" / "relu.nbi").write_text("index with float16")
    (own / "kernels_ab" / "relu.2.nbc").write_text("float16 code")
    assert link_shared_cache(str(shared), str(own)) == 0
    assert (own / "kernels_ab" / "relu.nbi").read_text() == "index with float16"

    # The class's cache is warmed again (kerasedu upgraded): newer than the user's files.
    os.utime(own / "kernels_ab" / "relu.nbi", (1, 1))
    (shared / "kernels_cd" / "conv.nbi").unlink()
    assert link_shared_cache(str(shared), str(own)) == 1
    assert (own / "kernels_ab" / "relu.nbi").is_symlink()
    assert not os.path.lexists(own / "kernels_cd" / "conv.nbi")  # its file is gone
    assert (own / "kernels_ab" / "relu.2.nbc").read_text() == "float16 code"


def test_without_a_shared_cache_or_with_one_cache_nothing_is_linked(tmp_path):
    assert link_shared_cache(str(tmp_path / "missing"), str(tmp_path / "own")) == 0
    assert link_shared_cache(str(tmp_path), str(tmp_path)) == 0
    assert not (tmp_path / "own").exists()
