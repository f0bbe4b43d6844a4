"""A class on a real JupyterHub: an instructor and three students go through problem set 1.

The hub runs classroom/jupyterhub_config.py on loopback ports, with its proxy from
classroom/node_modules (``make setup`` installs it with npm). Only two things differ from a
real server, because a test cannot create accounts on the machine: users log in with
JupyterHub's DummyAuthenticator, and SimpleLocalProcessSpawner runs every user's server as the
current OS user, each with a home directory of their own under a temporary folder. nbgrader
knows a student by their OS user name, which is the same for everyone here, so each student's
home holds an nbgrader_config.py that names them (on a real server their account does, and on
Kubernetes their JupyterHub name).

Everything else goes through the hub's proxy with a service token, as a browser would: the
hub's REST API starts the four servers; the instructor's Formgrader API generates and releases
the problem set, collects the submissions, generates and releases the feedback; each student's
Assignment List API fetches, validates, submits and fetches feedback, and the Jupyter contents
API edits the fetched notebook as JupyterLab saves it; the instructor grades the class in a
JupyterLab terminal with ``python -m classroom.grade`` (what ``make grade`` runs). Every wait is
bounded.
"""

import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import nbformat
import pytest

from classroom import simulate
from classroom.grade import _descendants

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROXY = ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
PS = "ps01_layers"
COURSE = "kerasedu"
INSTRUCTOR = "instructor"
# student: the kind of answers they hand in (classroom/simulate.py)
STUDENTS = {"alice": "full", "bob": "blank", "carol": "rank2_shape"}


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

    def run_in_terminal(self, user, command, timeout):
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


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not PROXY.exists():
        message = "configurable-http-proxy is not installed (make setup installs it with npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = tmp_path_factory.mktemp("classroom")
    state, homes, exchange = base / "hub", base / "home", base / "exchange"
    state.mkdir()
    (state / "instructors.txt").write_text(f"{INSTRUCTOR}\n")
    (state / "students.txt").write_text("# problem set 1, simulated\n" + "\n".join(STUDENTS))

    # The instructor's course directory: what a clone of the repository holds for ps01.
    course = simulate.make_course(homes / INSTRUCTOR / "kerasedu")
    (course / "classroom").symlink_to(ROOT / "classroom")
    for student in STUDENTS:  # stands in for each student's OS account (see the docstring)
        config = homes / student / ".jupyter" / "nbgrader_config.py"
        config.parent.mkdir(parents=True)
        config.write_text(f"c = get_config()\nc.CourseDirectory.student_id = {student!r}\n")

    port, token = _free_port(), secrets.token_hex(16)
    (state / "test_config.py").write_text(f"""
c = get_config()
load_subconfig({str(ROOT / "classroom" / "jupyterhub_config.py")!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {secrets.token_hex(8)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.args = ["--ServerApp.allow_root=True"]  # CI may run as root; a real hub never does
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "classroom-test", "services": ["classroom-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:groups"],
}}]
""")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "KERASEDU_EXCHANGE": str(exchange), "KERASEDU_ROSTER": str(state),
           "KERASEDU_VENV": sys.prefix}
    log = state / "jupyterhub.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(bin_dir / "jupyterhub"), "-f", "test_config.py"],
                                   cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", token, log)
    hub.exchange, hub.homes, hub.course = exchange, homes, course
    started = []
    try:
        def up():
            assert process.poll() is None, f"JupyterHub exited:\n{log.read_text()[-4000:]}"
            try:
                return hub.http.get(hub.url + "/hub/api/", timeout=5).status_code == 200
            except OSError:
                return False
        _wait(up, 90, "JupyterHub to answer")
        users = [INSTRUCTOR, *STUDENTS]
        for user in users:
            hub.request("POST", f"/hub/api/users/{user}/server", expect=(201, 202))
        started = _descendants(process.pid)

        def ready(user):
            server = hub.json("GET", f"/hub/api/users/{user}")["servers"].get("", {})
            return server.get("ready")
        for user in users:
            _wait(lambda: ready(user), 180, f"{user}'s server to start")
        yield hub
    finally:
        started += _descendants(process.pid)
        process.send_signal(signal.SIGTERM)  # stops the users' servers too
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        for pid in started:  # anything still running after the hub stopped
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture(scope="module")
def semester(hub):
    """Problem set 1 from release to feedback; returns what each student fetched and the
    instructor's view of the submissions."""
    # The instructor generates and releases the problem set from the Formgrader.
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
        # Validate, as the Assignment List's button does: the visible tests run in a kernel of
        # the student's server.
        validation[student] = hub.json("POST", f"/user/{student}/assignments/validate",
                                       params={"path": path})
        hub.assignments(student, "submit")

    hub.formgrader("collect")
    for student in STUDENTS:
        assert (hub.course / "submitted" / student / PS / f"{PS}.ipynb").is_file()

    # Grading, as the instructor runs it in a JupyterLab terminal.
    status, shown = hub.run_in_terminal(
        INSTRUCTOR, f"cd ~/kerasedu && python -m classroom.grade {PS}", timeout=240)
    submissions = hub.json("GET", f"/user/{INSTRUCTOR}/formgrader/api/submissions/{PS}")

    # grade.py wrote feedback; the Formgrader writes it again, with the instructors' settings.
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
            "scores": {s["student"]: s for s in submissions}}


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
    page = semester["feedback"]["carol"]
    assert "GradingError: Dense.compute_output_shape((None, 2, 5)) returned (None, 4)," in page


def test_students_have_no_formgrader_and_instructors_do(hub):
    hub.request("GET", f"/user/{INSTRUCTOR}/formgrader/api/status")
    hub.request("GET", "/user/alice/formgrader/api/status", expect=404)
    page_config = hub.request("GET", "/user/alice/lab").text
    disabled = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page_config,
                                    re.S).group(1))["disabledExtensions"]
    assert "@jupyter/nbgrader:formgrader" in disabled
    assert "@jupyter/nbgrader:create-assignment" in disabled


def test_students_validate_in_kernels_of_the_kerasedu_environment(semester):
    # The kernel imports kerasedu and runs the visible tests: all pass for the full answers,
    # and the blank notebook's fail.
    assert semester["validation"]["alice"] == {"success": True, "value": {}}
    assert semester["validation"]["bob"]["success"]
    assert semester["validation"]["bob"]["value"]["failed"]


def test_the_exchange_is_shared_and_writable_by_everyone(hub):
    assert hub.exchange.stat().st_mode & 0o7777 == 0o1777
