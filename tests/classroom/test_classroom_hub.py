"""A class on a real JupyterHub, with real accounts: an instructor and three students go through
problem set 1, then every student tries what no student may do.

The test builds the classroom install as ``make classroom`` does (classroom/install.py: a
venv on an interpreter every user can run, the hub's files, the warmed kernel cache), creates
Unix accounts with private homes (``useradd``; the machine runs the tests as root, as CI does),
and starts the hub from the install as the instructor guide says, with
classroom/jupyterhub_config.py unchanged except for loopback ports and a service token. The
hub spawns every user's server as that user. ngshare, the exchange the Kubernetes set-up uses,
runs beside it as a hub service, from its pinned requirements.

Everything goes through the hub's proxy with the service token, as a browser would: the hub's
REST API starts the servers; the instructor's Formgrader API generates and releases the
problem set, collects, releases feedback; each student's Assignment List API fetches,
validates, submits and fetches feedback; JupyterLab terminals run what a person would type
(grading, and each student's attempts on the others' files). Every wait is bounded.

Set KERASEDU_CLASSROOM_PREFIX to an existing classroom install to run on it instead of
building one: ``make classroom-rehearsal`` does this with /opt/kerasedu, as the rehearsal the
instructor guide asks for before the first class.
"""

import asyncio
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path

import nbformat
import pytest

from classroom import audit, install, simulate
from classroom.grade import _descendants

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PS = "ps01_layers"
COURSE = "kerasedu"
# Account names of their own, so that nothing on the machine is touched.
INSTRUCTOR = "kxteach"
# student: the kind of answers they hand in (classroom/simulate.py)
STUDENTS = {"kxalice": "full", "kxbob": "blank", "kxcarol": "rank2_shape"}
LATECOMER = "kxdave"  # added to the class list while the hub runs
ACCOUNTS = [INSTRUCTOR, *STUDENTS, LATECOMER]
NGSHARE_EXCHANGE = "ngshare-exchange==0.5.3"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting {timeout} s for {what}")


class Hub:
    """A running JupyterHub, reached through its proxy with an admin service token."""

    def __init__(self, url, token, log):
        import requests

        self.url, self.token, self.log = url, token, log
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only, whatever proxy the environment names
        self.http.headers["Authorization"] = f"token {token}"

    def request(self, method, path, expect=200, timeout=120, **kwargs):
        response = self.http.request(method, self.url + path, timeout=timeout, **kwargs)
        expected = expect if isinstance(expect, tuple) else (expect,)
        assert response.status_code in expected, (
            f"{method} {path}: {response.status_code} {response.text[:2000]}\n"
            f"hub log:\n{self.log.read_text()[-4000:]}")
        return response

    def json(self, method, path, **kwargs):
        return self.request(method, path, **kwargs).json()

    def ready(self, user):
        return self.json("GET", f"/hub/api/users/{user}")["servers"].get("", {}).get("ready")

    def start(self, user, timeout=180):
        """Start a server as logging in does: the hub records the user, then spawns."""
        self.request("POST", f"/hub/api/users/{user}", expect=(201, 409))
        self.request("POST", f"/hub/api/users/{user}/server", expect=(201, 202))
        _wait(lambda: self.ready(user), timeout, f"{user}'s server to start")

    # A user's server, through the proxy.

    def formgrader(self, action, *parts):
        """POST to the instructor's Formgrader API; nbgrader answers {"success": ...}."""
        path = "/".join(("", "user", INSTRUCTOR, "formgrader", "api", "assignment", PS) + parts
                        + (action,))
        reply = self.json("POST", path)
        assert reply["success"], reply
        return reply

    def assignments(self, student, action):
        """POST to a student's Assignment List API (fetch, submit, fetch_feedback)."""
        reply = self.json("POST", f"/user/{student}/assignments/{action}",
                          params={"course_id": COURSE, "assignment_id": PS})
        assert reply["success"], reply
        return reply["value"]

    def contents(self, user, path, **params):
        return self.json("GET", f"/user/{user}/api/contents/{path}", params=params)

    def shell(self, user, command, timeout=120):
        """Run a shell command in a new JupyterLab terminal of ``user``; return its exit status
        and everything the terminal showed."""
        name = self.json("POST", f"/user/{user}/api/terminals")["name"]
        try:
            return asyncio.run(self._terminal(user, name, command, timeout))
        finally:
            self.request("DELETE", f"/user/{user}/api/terminals/{name}", expect=204)

    async def _terminal(self, user, name, command, timeout):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = self.url.replace("http://", "ws://") + f"/user/{user}/terminals/websocket/{name}"
        socket_ = await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"}))
        # The shell echoes the command, so the marker is computed: only its output matches.
        await socket_.write_message(json.dumps(
            ["stdin", f"{command}; status=$?; echo \"finished-$((40 + 2)) $status\"\r"]))
        shown, deadline = "", time.monotonic() + timeout
        while not (match := re.search(r"finished-42 (\d+)", shown)):
            left = deadline - time.monotonic()
            assert left > 0, f"the terminal command did not finish in {timeout} s:\n{shown}"
            message = await asyncio.wait_for(socket_.read_message(), left)
            assert message is not None, f"the terminal closed:\n{shown}"
            kind, *payload = json.loads(message)
            if kind == "stdout":
                shown += payload[0]
        socket_.close()
        return int(match.group(1)), shown


def _private_folder():
    """A scratch folder other users can enter (pytest's own is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="kerasedu-hub-"))
    base.chmod(0o755)
    return base


@pytest.fixture(scope="module")
def base():
    folder = _private_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def prefix(base):
    """The classroom install (classroom/install.py), plus the ngshare client for nbgrader."""
    if os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("needs root and useradd: the hub spawns each user's server as that user")
    if not shutil.which("npm"):
        message = "npm is not installed: the hub's proxy cannot be installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    existing = os.environ.get("KERASEDU_CLASSROOM_PREFIX")
    if existing:
        return Path(existing)
    folder = base / "opt"
    python = install.choose_python()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", f"{_uv(base).parent}{os.pathsep}{os.environ['PATH']}")
        install.build(folder, python)
    _pip_install(base, folder / "venv", "--no-deps", NGSHARE_EXCHANGE)
    install.lock_down(folder)
    return folder


def _uv(base):
    """uv, which installs what pip does minutes faster (installed for the test if missing)."""
    found = shutil.which("uv")
    if found:
        return Path(found)
    tools = base / "tools"
    if not (tools / "bin" / "uv").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", tools,
                        "uv"], check=True, capture_output=True)
    return tools / "bin" / "uv"


def _pip_install(base, venv, *arguments):
    subprocess.run([_uv(base), "pip", "install", "--quiet", "--compile-bytecode", "--python",
                    venv / "bin" / "python", *arguments], check=True, capture_output=True)


def _accounts(base):
    homes = base / "home"
    homes.mkdir(exist_ok=True)
    for user in ACCOUNTS:
        subprocess.run(["userdel", "--remove", user], capture_output=True)
        subprocess.run(["useradd", "--create-home", "--home-dir", str(homes / user),
                        "--shell", "/bin/bash", "-K", "HOME_MODE=0700", user], check=True)
    return homes


def _ngshare(base, port):
    """ngshare's own environment, from its pinned requirements."""
    venv = base / "ngshare"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    _pip_install(base, venv, "-r", ROOT / "classroom" / "z2jh" / "ngshare" / "requirements.txt")
    data = base / "ngshare-data"
    data.mkdir(mode=0o700)
    return {"name": "ngshare", "url": f"http://127.0.0.1:{port}",
            "command": [str(venv / "bin" / "python"), "-m", "ngshare", "--admins", INSTRUCTOR,
                        "--database", f"sqlite:///{data / 'ngshare.db'}",
                        "--storage", str(data / "files")]}


@pytest.fixture(scope="module")
def hub(base, prefix):
    homes = _accounts(base)
    state, exchange = base / "srv" / "jupyterhub", base / "srv" / "exchange"
    state.mkdir(parents=True)
    (state / "instructors.txt").write_text(f"{INSTRUCTOR}\n")
    (state / "students.txt").write_text("# problem set 1\n" + "\n".join(STUDENTS) + "\n")

    # The instructor's course directory: what a clone of the repository holds for ps01.
    course = simulate.make_course(homes / INSTRUCTOR / "kerasedu")
    shutil.copytree(ROOT / "classroom", course / "classroom",
                    ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    owner = pwd.getpwnam(INSTRUCTOR)
    for path in [course, *course.rglob("*")]:
        os.chown(path, owner.pw_uid, owner.pw_gid, follow_symlinks=False)

    port, token = _free_port(), secrets.token_hex(16)
    ngshare = _ngshare(base, _free_port())
    (state / "test_config.py").write_text(f"""
c = get_config()
load_subconfig({str(prefix / "classroom" / "jupyterhub_config.py")!r})
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.interrupt_timeout = 3
c.Spawner.term_timeout = 3
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": {token!r}}}, {ngshare!r}]
c.JupyterHub.load_roles = [{{
    "name": "classroom-test", "services": ["classroom-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:groups"],
}}]
""")
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "KERASEDU_HUB_URL": f"http://127.0.0.1:{port}",
           "KERASEDU_EXCHANGE": str(exchange), "KERASEDU_ROSTER": str(state)}
    log = state.parent / "jupyterhub.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(prefix / "venv" / "bin" / "jupyterhub"),
                                    "-f", "test_config.py"], cwd=state, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", token, log)
    hub.prefix, hub.state, hub.exchange, hub.homes, hub.course = (
        prefix, state, exchange, homes, course)
    hub.ngshare = f"{hub.url}/services/ngshare"
    started = []
    try:
        def up():
            assert process.poll() is None, f"JupyterHub exited:\n{log.read_text()[-4000:]}"
            try:
                return hub.http.get(hub.url + "/hub/api/", timeout=5).status_code == 200
            except OSError:
                return False
        _wait(up, 90, "JupyterHub to answer")
        for user in [INSTRUCTOR, *STUDENTS]:
            hub.request("POST", f"/hub/api/users/{user}", expect=201)
            hub.request("POST", f"/hub/api/users/{user}/server", expect=(201, 202))
        for user in [INSTRUCTOR, *STUDENTS]:
            _wait(lambda: hub.ready(user), 180, f"{user}'s server to start")
        started = _descendants(process.pid)
        yield hub
    finally:
        started += _descendants(process.pid)
        for user in ACCOUNTS:  # all at once: the hub alone would stop them one by one
            try:
                hub.http.delete(f"{hub.url}/hub/api/users/{user}/server", timeout=10)
            except OSError:
                pass
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        for pid in started:  # anything still running after the hub stopped
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for user in ACCOUNTS:
            subprocess.run(["userdel", "--remove", user], capture_output=True)


def _inbound(hub, student):
    return sorted((hub.exchange / COURSE / "inbound").glob(f"{student}+{PS}+*"))


@pytest.fixture(scope="module")
def semester(hub):
    """Problem set 1 from release to feedback; returns what each student fetched, what the
    impersonation attempt did and the instructor's view of the submissions."""
    hub.formgrader("assign")
    hub.formgrader("release")
    released = hub.exchange / COURSE / "outbound" / PS / f"{PS}.ipynb"
    assert released.is_file()

    validation = {}
    for student, kind in STUDENTS.items():
        listing = hub.assignments(student, "fetch")
        assert [a["status"] for a in listing if a["assignment_id"] == PS] == ["fetched"]
        path = f"{PS}/{PS}.ipynb"
        fetched = nbformat.from_dict(hub.contents(student, path)["content"])
        release = nbformat.read(released, as_version=4)
        assert [c.source for c in fetched.cells] == [c.source for c in release.cells]
        answered = simulate.submission(kind)  # the student's edits, saved as JupyterLab does
        hub.request("PUT", f"/user/{student}/api/contents/{path}",
                    json={"type": "notebook", "format": "json", "content": answered})
        validation[student] = hub.json("POST", f"/user/{student}/assignments/validate",
                                       params={"path": path})
        hub.assignments(student, "submit")

    # After everyone, alice submits her own (full marks) notebook under bob's name, both ways
    # nbgrader might be told a name (only the option reaches the default exchange).
    # And under the name of a student who has not submitted.
    forged = [hub.shell("kxalice", f"JUPYTERHUB_USER=kxbob nbgrader submit {PS}"),
              hub.shell("kxalice", f"nbgrader submit {PS} --student kxbob"),
              hub.shell("kxalice", f"nbgrader submit {PS} --student {LATECOMER}")]
    collect_log = hub.formgrader("collect")["log"]
    for student in STUDENTS:
        assert (hub.course / "submitted" / student / PS / f"{PS}.ipynb").is_file()

    status, shown = hub.shell(
        INSTRUCTOR, f"cd ~/kerasedu && python -m classroom.grade {PS}", timeout=300)
    submissions = hub.json("GET", f"/user/{INSTRUCTOR}/formgrader/api/submissions/{PS}")
    hub.formgrader("generate_feedback")
    hub.formgrader("release_feedback")
    feedback = {}
    for student in STUDENTS:
        hub.assignments(student, "fetch_feedback")
        folders = hub.contents(student, f"{PS}/feedback")["content"]
        assert len(folders) == 1, folders
        page = hub.contents(student, f"{folders[0]['path']}/{PS}.html", format="text")
        feedback[student] = unescape(re.sub(r"<[^>]+>", "", page["content"]))
    return {"status": status, "terminal": shown, "feedback": feedback, "validation": validation,
            "forged": forged, "collect_log": collect_log,
            "scores": {s["student"]: s for s in submissions}}


# The cycle works.

def test_the_instructor_grades_the_class_in_a_terminal(semester):
    assert semester["status"] == 0, semester["terminal"]
    assert "Summary: 3 graded, 0 failed, 0 timed out" in semester["terminal"]


@pytest.mark.parametrize("student", STUDENTS)
def test_each_student_gets_the_score_their_answers_deserve(semester, student):
    expected = simulate.expected_code_score(STUDENTS[student])
    scores = semester["scores"][student]
    assert (scores["code_score"], scores["max_code_score"]) == (expected, 13)
    assert f"Score: {expected:.1f} / 15.0" in semester["feedback"][student]


@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_shows_the_visible_tests_and_none_of_the_hidden_ones(semester, student):
    page = semester["feedback"][student]
    assert 'grading.check_build(Dense, "Dense", input_shape=(None, 3), args=(4,))' in page
    hidden = simulate.hidden_test_lines()
    assert hidden and not [line for line in hidden if line in page]


def test_a_hidden_test_that_fails_is_reported_without_its_code(semester):
    page = semester["feedback"]["kxcarol"]
    assert "GradingError: Dense.compute_output_shape((None, 2, 5)) returned (None, 4)," in page


def test_the_class_lists_make_instructors_admins_and_put_everyone_in_their_group(hub):
    for user, admin, group in [(INSTRUCTOR, True, "formgrade"), ("kxalice", False, "nbgrader")]:
        model = hub.json("GET", f"/hub/api/users/{user}")
        assert (model["admin"], model["groups"]) == (admin, [f"{group}-{COURSE}"])


def test_students_have_no_formgrader_and_instructors_do(hub):
    hub.request("GET", f"/user/{INSTRUCTOR}/formgrader/api/status")
    hub.request("GET", "/user/kxalice/formgrader/api/status", expect=404)
    page_config = hub.request("GET", "/user/kxalice/lab").text
    disabled = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page_config,
                                    re.S).group(1))["disabledExtensions"]
    assert "@jupyter/nbgrader:formgrader" in disabled
    assert "@jupyter/nbgrader:create-assignment" in disabled


def test_students_validate_in_kernels_of_the_kerasedu_environment(semester):
    assert semester["validation"]["kxalice"] == {"success": True, "value": {}}
    assert semester["validation"]["kxbob"]["success"]
    assert semester["validation"]["kxbob"]["value"]["failed"]


def test_every_server_runs_as_its_own_account(hub):
    for user in [INSTRUCTOR, *STUDENTS]:
        status, shown = hub.shell(user, f'test "$(id -un)" = {user} && test ~ = {hub.homes / user}')
        assert status == 0, shown


# What no student can do.

def _denied(hub, student, command):
    status, shown = hub.shell(student, command)
    assert status != 0, f"{student} could run: {command}\n{shown}"
    return shown


@pytest.mark.parametrize("target", [
    "~kxteach/kerasedu/solutions/ps01_layers/ps01_layers.ipynb",
    "~kxteach/kerasedu/gradebook.db",
    "~kxteach/kerasedu/submitted/kxbob/ps01_layers/ps01_layers.ipynb",
    "~kxteach/kerasedu/autograded/kxbob/ps01_layers/ps01_layers.ipynb",
    "~kxbob/ps01_layers/ps01_layers.ipynb",
])
def test_a_student_reads_no_solution_gradebook_or_other_students_work(hub, semester, target):
    path = Path(target.replace("~kxteach", str(hub.homes / INSTRUCTOR))
                .replace("~kxbob", str(hub.homes / "kxbob")))
    assert path.is_file()  # it is there, as root sees
    assert "Permission denied" in _denied(hub, "kxalice", f"cat {target} > /dev/null")


def test_nothing_a_student_can_read_holds_solutions_or_hidden_tests(hub, semester):
    # Everywhere the users' servers read from: the install, the exchange's release.
    # (nbgrader's own package carries example notebooks with the marks: not the course's.)
    marked = "grep -rl --include='*.ipynb' -e 'BEGIN HIDDEN' -e 'BEGIN SOLUTION'"
    status, shown = hub.shell("kxcarol", (
        f'test -z "$({marked} {hub.prefix} {hub.exchange / COURSE / "outbound"} '
        f'| grep -v /site-packages/)" && test -z "$({marked} {hub.prefix}/venv/lib/'
        f'python3*/site-packages/kerasedu)" && ls {hub.prefix}/chapters/*.ipynb'))
    assert status == 0 and "08_" in shown, shown
    hidden = simulate.hidden_test_lines()
    release = (hub.exchange / COURSE / "outbound" / PS / f"{PS}.ipynb").read_text()
    assert not [line for line in hidden if json.dumps(line)[1:-1] in release]
    assert audit.audit_install(hub.prefix) == []


def test_the_hub_state_and_the_exchange_inbound_are_closed_to_students(hub, semester):
    _denied(hub, "kxalice", f"ls {hub.state}")
    _denied(hub, "kxalice", f"ls {hub.exchange / COURSE / 'inbound'}")
    for name in ("jupyterhub.sqlite", "jupyterhub_cookie_secret"):
        assert stat.S_IMODE((hub.state / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(hub.state.stat().st_mode) == 0o700


def test_collected_submissions_are_the_instructors_alone(hub, semester):
    submitted = hub.course / "submitted"
    for path in [submitted, *submitted.rglob("*")]:
        info = path.stat()
        assert info.st_uid == pwd.getpwnam(INSTRUCTOR).pw_uid
        if path != submitted:
            assert not info.st_mode & 0o077, (path, stat.filemode(info.st_mode))
    target = hub.homes / INSTRUCTOR / "kerasedu" / "submitted" / "kxbob" / PS
    _denied(hub, "kxalice", f"touch {target}/extra.py")
    _denied(hub, "kxalice", f"rm -f {target}/{PS}.ipynb")


def test_a_student_changes_nothing_of_anothers_in_the_exchange(hub, semester):
    alices = _inbound(hub, "kxalice")[0]
    outbound = hub.exchange / COURSE / "outbound" / PS / f"{PS}.ipynb"
    feedback = next((hub.exchange / COURSE / "feedback").glob("*.html"))
    for command in (f"touch '{alices}/{PS}.ipynb'", f"touch '{alices}/extra.py'",
                    f"rm -rf '{alices}'", f"touch '{outbound}'", f"rm -f '{outbound}'",
                    f"touch '{feedback}'", f"rm -f '{feedback}'",
                    f"mkdir {hub.exchange / COURSE / 'outbound' / 'ps99'}"):
        _denied(hub, "kxbob", command)
    assert alices.is_dir() and outbound.is_file() and feedback.is_file()


def test_a_student_cannot_submit_as_another(hub, semester):
    shown = "".join(terminal for _, terminal in semester["forged"])
    alice = pwd.getpwnam("kxalice").pw_uid
    forged = [p for p in _inbound(hub, "kxbob") if p.stat().st_uid == alice]
    assert len(forged) == 1, shown  # nbgrader made one, under bob's name ...
    collected = nbformat.read(hub.course / "submitted" / "kxbob" / PS / f"{PS}.ipynb", 4)
    blank = simulate.submission("blank")
    # ... but bob's own (blank) notebook was collected and graded, not alice's.
    assert [c.source for c in collected.cells] == [c.source for c in blank.cells]
    assert semester["scores"]["kxbob"]["code_score"] == simulate.expected_code_score("blank")
    # One made under the name of a student who did not submit is not collected either.
    assert not (hub.course / "submitted" / LATECOMER).exists()
    assert f"names {LATECOMER} but was made by kxalice" in semester["collect_log"]


def _log_in(hub, user, password):
    """Log in through the hub's login page, as a browser does; True when the hub let them in."""
    import requests

    browser = requests.Session()
    browser.trust_env = False
    browser.get(f"{hub.url}/hub/login", timeout=30)
    reply = browser.post(f"{hub.url}/hub/login", timeout=60, allow_redirects=False, data={
        "username": user, "password": password, "_xsrf": browser.cookies.get("_xsrf", "")})
    return reply.status_code == 302 and "/hub/login" not in reply.headers.get("Location", "")


def test_a_student_added_during_term_logs_in_without_a_restart(hub, semester):
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{LATECOMER}:{password}", text=True, check=True)
    # An account on the server is not enough: only the class lists let anyone in ...
    assert not _log_in(hub, LATECOMER, password)
    with open(hub.state / "students.txt", "a") as roster:
        roster.write(f"{LATECOMER}\n")
    # ... and they are read at every login, with the password checked by the server (PAM).
    assert not _log_in(hub, LATECOMER, password + "x")
    assert _log_in(hub, LATECOMER, password)
    hub.start(LATECOMER)
    hub.request("GET", f"/user/{LATECOMER}/formgrader/api/status", expect=404)
    listing = hub.assignments(LATECOMER, "fetch")
    assert [a["status"] for a in listing if a["assignment_id"] == PS] == ["fetched"]
    groups = hub.json("GET", f"/hub/api/users/{LATECOMER}")["groups"]
    assert groups == [f"nbgrader-{COURSE}"]


def test_the_audit_finds_nothing_then_a_home_others_can_read(hub, semester):
    assert audit.audit_server(hub.state, hub.exchange) == []
    home = hub.homes / "kxbob"
    home.chmod(0o755)  # what useradd gives without HOME_MODE on many systems
    try:
        problems = audit.audit_server(hub.state, hub.exchange)
    finally:
        home.chmod(0o700)
    assert len(problems) == 1 and problems[0].startswith(f"{home}: mode drwxr-xr-x")


# No student waits for compilation.



def test_a_students_first_run_of_the_sequences_chapter_compiles_nothing(hub):
    (chapter,) = (hub.prefix / "chapters").glob("08_*.ipynb")
    student = "kxcarol"
    home = hub.homes / student
    script = home / "count_compilations.py"
    shutil.copy(Path(__file__).with_name("count_compilations.py"), script)
    os.chown(script, pwd.getpwnam(student).pw_uid, -1)
    status, shown = hub.shell(student, f"cp {chapter} ~/ && python {script} ~/{chapter.name}",
                              timeout=600)
    assert status == 0, shown
    assert "COMPILED []" in shown, shown
    assert not (home / ".cache" / "numba").exists()
    own = home / ".cache" / "kerasedu-numba"
    files = [p for p in own.rglob("*") if not p.is_dir()]
    assert files and all(p.is_symlink() for p in files), [p for p in files if not p.is_symlink()]


# The hub-authenticated exchange of the Kubernetes set-up (ngshare), with this hub.

def _ngshare_shell(hub, user, command, expect=0):
    status, shown = hub.shell(user, f"export KERASEDU_NGSHARE_URL={hub.ngshare}; {command}")
    assert (status == 0) == (expect == 0), shown
    return shown


# A student signs their copy: its first cell says who they are.
SIGN = ("python -c \"import nbformat as n; p='ps01_layers/ps01_layers.ipynb'; b=n.read(p, 4); "
        "b.cells[0].source='# {}'; n.write(b, p)\"")


def test_ngshare_carries_a_problem_set_and_knows_who_submits(hub, semester):
    if not (hub.prefix / "venv" / "bin" / "ngshare-course-management").exists():
        pytest.skip("this install has no ngshare client (only the Kubernetes image needs one)")
    roster = "student_id,first_name,last_name,email\\nkxalice,,,\\nkxbob,,,\\n"
    _ngshare_shell(hub, INSTRUCTOR,
                   f"cd ~/kerasedu && ngshare-course-management create_course {COURSE} "
                   f"{INSTRUCTOR} && printf '{roster}' > /tmp/kx-roster.csv && "
                   f"ngshare-course-management add_students {COURSE} /tmp/kx-roster.csv --no-gb"
                   f" && rm /tmp/kx-roster.csv")
    _ngshare_shell(hub, INSTRUCTOR, f"cd ~/kerasedu && nbgrader release_assignment {PS} "
                                    f"--force 2>&1 | tee /dev/stderr | grep -q 'Successfully'")
    for student in ("kxalice", "kxbob"):
        _ngshare_shell(hub, student, f"mkdir -p ~/ng && cd ~/ng && nbgrader fetch_assignment {PS}"
                                     f" && {SIGN.format(student)} && nbgrader submit {PS}")
    # alice, with her own token, claims to be bob: ngshare records her, not bob.
    _ngshare_shell(hub, "kxalice", f"cd ~/ng && JUPYTERHUB_USER=kxbob nbgrader submit {PS}")
    _ngshare_shell(hub, INSTRUCTOR, f"mkdir -p ~/ngcourse && cd ~/ngcourse && "
                                    f"cp ~/kerasedu/nbgrader_config.py . && "
                                    f"KERASEDU_COURSE=~/ngcourse nbgrader collect {PS}")
    collected = hub.homes / INSTRUCTOR / "ngcourse" / "submitted"
    for student in ("kxalice", "kxbob"):
        notebook = nbformat.read(collected / student / PS / f"{PS}.ipynb", 4)
        assert notebook.cells[0].source == f"# {student}"
    # Nor may a student download another's submission or feedback with their token.
    token = "$JUPYTERHUB_API_TOKEN"
    for path in (f"submission/{COURSE}/{PS}/kxbob", f"submissions/{COURSE}/{PS}/kxbob"):
        shown = _ngshare_shell(hub, "kxalice", f"curl -s -H \"Authorization: token {token}\" "
                                               f"{hub.ngshare}/{path}")
        assert '"success": false' in shown and "Permission denied" in shown, shown
