"""The classroom's configuration files: what they promise, checked where it can be checked
without running them. test_classroom_hub.py runs the one-server configuration for real;
Kubernetes cannot run here, so its values, manifests and images are checked against the
one-server configuration, the chart's rules and Kubernetes' "restricted" Pod Security Standard.
"""

import fnmatch
import io
import json
import os
import re
import sys
import tomllib
from contextlib import redirect_stderr
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
CLASSROOM = ROOT / "classroom"
Z2JH = CLASSROOM / "z2jh"
IMAGE_REPOSITORY = "/opt/kerasedu"   # where classroom/z2jh/Dockerfile puts the classroom files
# The Zero to JupyterHub chart version the values are written for, and its JupyterHub.
CHART, CHART_JUPYTERHUB = "4.4.0", "5.5.0"
NGSHARE_EXCHANGE = "ngshare-exchange==0.5.3"


def load_hub_config(tmp_path, roster, **environment):
    """classroom/jupyterhub_config.py, evaluated as JupyterHub would, with class lists
    ``roster`` ({"instructors.txt": "...", ...}) and an exchange in ``tmp_path``; returns the
    config and what it printed on stderr."""
    for name, text in roster.items():
        (tmp_path / name).write_text(text)
    config = Config()
    path = CLASSROOM / "jupyterhub_config.py"
    saved, umask, stderr = dict(os.environ), os.umask(0o022), io.StringIO()
    os.environ.update(KERASEDU_ROSTER=str(tmp_path), KERASEDU_EXCHANGE=str(tmp_path / "ex"),
                      KERASEDU_VENV=sys.prefix, **environment)
    try:
        with redirect_stderr(stderr):
            exec(compile(path.read_text(), str(path), "exec"),
                 {"get_config": lambda: config, "__file__": str(path)})
    finally:
        os.environ.clear()
        os.environ.update(saved)
        os.umask(umask)
    return config, stderr.getvalue()


class FakeSpawner:
    def __init__(self, name):
        self.user = type("User", (), {"name": name, "groups": []})()


CLASS = {"instructors.txt": "ada  # the lecturer\n", "students.txt": "alice\n\nbob\n# carol left\n"}


def test_the_class_lists_decide_who_logs_in_and_is_admin_at_every_login(tmp_path):
    import asyncio

    config, _ = load_hub_config(tmp_path, CLASS)
    authenticator = config.JupyterHub.authenticator_class()
    assert [authenticator.check_allowed(n) for n in ("ada", "alice", "bob", "carol")] == [
        True, True, True, False]
    assert authenticator.manage_groups and authenticator.refresh_pre_spawn
    user = type("User", (), {"name": "carol"})()
    assert asyncio.run(authenticator.refresh_user(user)) is False
    # Added during term: read again at once, no restart.
    (tmp_path / "students.txt").write_text("alice\nbob\ncarol\n")
    assert authenticator.check_allowed("carol")
    assert asyncio.run(authenticator.refresh_user(user)) == {
        "name": "carol", "admin": False, "groups": ["nbgrader-kerasedu"]}
    user.name = "ada"
    assert asyncio.run(authenticator.refresh_user(user)) == {
        "name": "ada", "admin": True, "groups": ["formgrade-kerasedu"]}
    assert "load_groups" not in config.JupyterHub  # groups follow the lists, not the start


def test_one_server_config_sets_the_environment_and_the_settings_folders(tmp_path):
    config, _ = load_hub_config(tmp_path, CLASS)
    venv = Path(sys.prefix)
    assert config.Spawner.cmd == [str(venv / "bin" / "jupyterhub-singleuser")]
    environment = config.Spawner.environment
    assert environment["PATH"].split(os.pathsep)[0] == str(venv / "bin")
    assert not [p for p in environment["PATH"].split(os.pathsep) if p.startswith("/root")]
    assert environment["KERASEDU_EXCHANGE"] == str(tmp_path / "ex")
    assert environment["KERASEDU_NUMBA_CACHE"] == str(venv.parent / "numba-cache")
    own_cache = environment["NUMBA_CACHE_DIR"](FakeSpawner("root"))
    assert own_cache == os.path.expanduser("~root/.cache/kerasedu-numba")
    folder = environment["JUPYTER_CONFIG_PATH"]
    assert folder(FakeSpawner("ada")) == str(CLASSROOM / "jupyter" / "instructors")
    assert folder(FakeSpawner("alice")) == str(CLASSROOM / "jupyter" / "students")
    assert folder(FakeSpawner("mallory")) == str(CLASSROOM / "jupyter" / "students")


def test_the_hub_listens_on_loopback_and_keeps_its_state_private(tmp_path):
    tmp_path.chmod(0o755)
    (tmp_path / "jupyterhub.sqlite").write_text("")
    (tmp_path / "jupyterhub.sqlite").chmod(0o644)  # as JupyterHub 5 leaves it
    config, stderr = load_hub_config(tmp_path, CLASS)
    assert config.JupyterHub.bind_url == "http://127.0.0.1:8000"
    assert "HTTPS" not in stderr
    assert config.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    assert config.JupyterHub.cookie_secret_file == str(tmp_path / "jupyterhub_cookie_secret")
    assert (tmp_path.stat().st_mode & 0o777, (tmp_path / "jupyterhub.sqlite").stat().st_mode
            & 0o777) == (0o700, 0o600)


@pytest.mark.parametrize("url, warns", [
    ("http://0.0.0.0:8000", True), ("http://:8000", True), ("http://10.0.0.5:80", True),
    ("http://[::1]:8000", False), ("https://0.0.0.0:443", False)])
def test_the_hub_says_loudly_when_passwords_would_cross_the_network_in_clear(
        tmp_path, url, warns):
    config, stderr = load_hub_config(tmp_path, CLASS, KERASEDU_HUB_URL=url)
    assert config.JupyterHub.bind_url == url
    assert ("WARNING" in stderr and "without HTTPS" in stderr) == warns


def test_the_exchange_is_like_tmp_and_its_course_folder_is_an_instructors(tmp_path):
    config, stderr = load_hub_config(tmp_path, {"instructors.txt": "root\n"})
    assert (tmp_path / "ex").stat().st_mode & 0o7777 == 0o1777
    course = tmp_path / "ex" / "kerasedu"
    assert course.stat().st_uid == 0 and course.stat().st_mode & 0o777 == 0o755
    # An instructor without an account: nothing is created, and the hub says why.
    config, stderr = load_hub_config(tmp_path / "ex" / "kerasedu",
                                     {"instructors.txt": "no-such-account-here\n"})
    assert "no-such-account-here (instructors.txt) has no account" in stderr


def test_students_get_no_formgrader_and_a_terminal_in_the_environment():
    students = CLASSROOM / "jupyter" / "students"
    server = json.loads((students / "jupyter_server_config.json").read_text())["ServerApp"]
    assert server["jpserver_extensions"] == {"nbgrader.server_extensions.formgrader": False,
                                             "nbgrader.server_extensions.course_list": False}
    disabled = json.loads((students / "labconfig" / "page_config.json").read_text())
    assert set(disabled["disabledExtensions"]) == {
        "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:course-list"}
    for role in ("students", "instructors"):
        # A login shell would read /etc/profile, which resets PATH and loses kerasedu's python.
        server = json.loads((CLASSROOM / "jupyter" / role / "jupyter_server_config.json")
                            .read_text())["ServerApp"]
        assert server["terminado_settings"] == {"shell_command": ["bash"]}
        # Every server links the warmed kernel cache when it starts.
        assert "link_shared_cache()" in (CLASSROOM / "jupyter" / role /
                                         "jupyter_server_config.py").read_text()


def _nbgrader_configs(tmp_path, monkeypatch, **environment):
    from traitlets.config.loader import PyFileConfigLoader

    course = tmp_path / "course"
    course.mkdir(exist_ok=True)
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    monkeypatch.setenv("KERASEDU_COURSE", str(course))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "path", list(sys.path))
    return {role: PyFileConfigLoader("nbgrader_config.py",
                                     path=str(CLASSROOM / "jupyter" / role)).load_config()
            for role in ("students", "instructors")}


def test_nbgrader_settings_name_one_course_and_one_exchange(tmp_path, monkeypatch):
    configs = _nbgrader_configs(tmp_path, monkeypatch, KERASEDU_EXCHANGE="/exchange")
    for config in configs.values():
        assert config.CourseDirectory.course_id == "kerasedu"
        assert config.Exchange.root == "/exchange"
        # Submissions stay their author's (classroom/jupyter/kerasedu_exchange.py).
        assert config.ExchangeFactory.submit.__name__ == "AuthorOnlySubmit"
        assert config.ExchangeFactory.collect.__name__ == "OwnerCheckedCollect"
    instructors = configs["instructors"]
    assert instructors.CourseDirectory.root == str(tmp_path / "course")
    assert instructors.CourseDirectory.source_directory == "solutions"  # the course's own file
    assert [p.rsplit(".", 1)[-1] for p in instructors.GenerateFeedback.preprocessors] == [
        "GetGrades", "HideHiddenTests", "CSSHTMLHeaderPreprocessor"]


def test_with_an_ngshare_url_nbgrader_uses_ngshare(tmp_path, monkeypatch):
    configured = []
    fake = type(sys)("ngshare_exchange")
    fake.configureExchange = lambda c, url: configured.append(url)
    monkeypatch.setitem(sys.modules, "ngshare_exchange", fake)
    configs = _nbgrader_configs(tmp_path, monkeypatch,
                                KERASEDU_NGSHARE_URL="http://ngshare:8080/services/ngshare")
    assert configured == ["http://ngshare:8080/services/ngshare"] * 2
    for config in configs.values():
        assert "root" not in config.Exchange and "submit" not in config.ExchangeFactory


# Kubernetes.

def _z2jh():
    return yaml.safe_load((Z2JH / "config.yaml").read_text())


def _ngshare_manifests():
    return {doc["kind"]: doc for doc in yaml.safe_load_all((Z2JH / "ngshare.yaml").read_text())}


def test_the_chart_version_is_pinned_and_named_where_it_is_installed():
    guide = (ROOT / "book" / "instructor_guide.md").read_text()
    for text in ((Z2JH / "config.yaml").read_text(), guide):
        versions = set(re.findall(r"jupyterhub/jupyterhub[^\n]*\n?[^\n]*--version (\S+)", text))
        assert versions == {CHART}, versions
    assert f"chart {CHART} (JupyterHub {CHART_JUPYTERHUB})" in (Z2JH / "config.yaml").read_text()
    dockerfile = (Z2JH / "Dockerfile").read_text()
    assert f"ARG JUPYTERHUB_VERSION={CHART_JUPYTERHUB}\n" in dockerfile


def test_kubernetes_has_the_same_groups_and_settings_folders():
    z2jh = _z2jh()
    assert set(z2jh["hub"]["config"]["JupyterHub"]["load_groups"]) == {
        "formgrade-kerasedu", "nbgrader-kerasedu"}
    hook = z2jh["hub"]["extraConfig"]["kerasedu-groups"]
    assert '"formgrade-kerasedu" in groups' in hook
    folders = re.findall(r'"(/opt/kerasedu/[^"]+)"', hook)
    assert sorted(folders) == [f"{IMAGE_REPOSITORY}/classroom/jupyter/instructors",
                               f"{IMAGE_REPOSITORY}/classroom/jupyter/students"]
    for folder in folders:
        assert (ROOT / folder.removeprefix(IMAGE_REPOSITORY + "/")).is_dir()
    compile(hook, "kerasedu-groups", "exec")


def test_no_admin_sits_behind_a_login_without_passwords():
    config = _z2jh()["hub"]["config"]
    authenticator = config["JupyterHub"]["authenticator_class"]
    assert authenticator not in {"dummy", "null", "tmp", "tmpauthenticator",
                                 "jupyterhub.auth.DummyAuthenticator", "nullauthenticator"}
    assert config["Authenticator"]["admin_users"]
    assert "CHANGE-ME" in config["GenericOAuthenticator"]["client_id"]  # must be filled in


def test_no_container_runs_as_root_or_with_privileges():
    z2jh = _z2jh()
    singleuser = z2jh["singleuser"]
    assert singleuser["uid"] != 0 and singleuser["allowPrivilegeEscalation"] is False
    assert singleuser["initContainers"] == []
    # The chart's own privileged iptables init container is switched off ...
    assert singleuser["cloudMetadata"]["blockWithIptables"] is False
    # ... and the network policy keeps pods from the cloud's metadata server instead.
    assert singleuser["networkPolicy"]["egressAllowRules"]["cloudMetadataServer"] is False
    spawner = z2jh["hub"]["config"]["KubeSpawner"]
    restricted = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    assert spawner["pod_security_context"] == restricted
    assert spawner["container_security_context"] == {
        **restricted, "allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}
    assert "extraVolumes" not in singleuser["storage"]  # no shared volume

    deployment = _ngshare_manifests()["Deployment"]["spec"]["template"]["spec"]
    assert "initContainers" not in deployment
    pod = deployment["securityContext"]
    assert pod["runAsNonRoot"] and pod["runAsUser"] != 0
    assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
    (container,) = deployment["containers"]
    assert container["securityContext"] == {"allowPrivilegeEscalation": False,
                                            "readOnlyRootFilesystem": True,
                                            "capabilities": {"drop": ["ALL"]}}
    for dockerfile in (Z2JH / "Dockerfile", Z2JH / "ngshare" / "Dockerfile"):
        users = re.findall(r"^USER (\S+)", dockerfile.read_text(), re.M)
        assert users and users[-1] == "1000", dockerfile


def test_the_exchange_is_ngshare_as_a_hub_service():
    z2jh, manifests = _z2jh(), _ngshare_manifests()
    service = manifests["Service"]
    port = service["spec"]["ports"][0]["port"]
    url = f"http://{service['metadata']['name']}:{port}"
    assert z2jh["hub"]["services"] == {"ngshare": {"url": url}}
    assert z2jh["singleuser"]["extraEnv"]["KERASEDU_NGSHARE_URL"] == f"{url}/services/ngshare"
    (container,) = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}
    # The token the chart made for the service, from the chart's Secret.
    assert env["JUPYTERHUB_API_TOKEN"] == {"secretKeyRef": {
        "name": "hub", "key": "hub.services.ngshare.apiToken"}}
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == "/services/ngshare/"
    assert env["JUPYTERHUB_SERVICE_URL"].endswith(f":{port}")
    assert env["JUPYTERHUB_API_URL"] == "http://hub:8081/hub/api"
    labels = manifests["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert labels["hub.jupyter.org/network-access-hub"] == "true"
    # Users' pods may reach ngshare, and only users' pods and the proxy may.
    (egress,) = z2jh["singleuser"]["networkPolicy"]["egress"]
    assert egress["to"][0]["podSelector"]["matchLabels"].items() <= labels.items()
    policy = manifests["NetworkPolicy"]["spec"]
    sources = [p["podSelector"]["matchLabels"] for p in policy["ingress"][0]["from"]]
    assert sources == [{"component": "singleuser-server"}, {"component": "proxy"}]


def test_ngshare_runs_the_versions_it_was_tested_with():
    pins = dict(line.split("==") for line in
                (Z2JH / "ngshare" / "requirements.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    assert pins["ngshare"] == "0.6.0"
    assert pins["SQLAlchemy"].startswith("1.4.")  # see the file's comment
    hub_test = (ROOT / "tests" / "classroom" / "test_classroom_hub.py").read_text()
    assert f'NGSHARE_EXCHANGE = "{NGSHARE_EXCHANGE}"' in hub_test
    assert f"--no-deps {NGSHARE_EXCHANGE}" in (Z2JH / "Dockerfile").read_text()


# The image's build context.

def _dockerignore_patterns(dockerfile):
    ignore = dockerfile.with_name(dockerfile.name + ".dockerignore")
    lines = [line.strip() for line in ignore.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _pattern_regex(pattern):
    """A .dockerignore pattern as a regular expression: '*' and '?' within one path segment,
    '**' for any number of segments."""
    pieces = []
    for segment in pattern.strip("/").split("/"):
        if segment == "**":
            pieces.append("(?:[^/]+/)*")
        else:
            pieces.append(re.escape(segment).replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
                          + "/")
    return "".join(pieces).removesuffix("/")


def _ignored(path, patterns):
    """Docker's rule: the last pattern that matches the path, or a folder above it, decides."""
    parts = path.split("/")
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = _pattern_regex(pattern.lstrip("!"))
        if any(re.fullmatch(regex, "/".join(parts[:i])) for i in range(1, len(parts) + 1)):
            ignored = not negate
    return ignored


def build_context(dockerfile):
    """The repository's files that `docker build -f <dockerfile> .` would send."""
    patterns = _dockerignore_patterns(dockerfile)
    kept = []
    for folder, dirs, files in os.walk(ROOT):
        relative = os.path.relpath(folder, ROOT)
        relative = "" if relative == "." else relative + "/"
        # Skip folders no "!" pattern can bring back.
        dirs[:] = [d for d in dirs if not _ignored(relative + d, patterns) or any(
            p.startswith("!") and p[1:].startswith(relative + d + "/") for p in patterns)]
        kept += [relative + f for f in files if not _ignored(relative + f, patterns)]
    return kept


def test_dockerignore_rules_as_docker_reads_them():
    patterns = ["*", "!kerasedu", "**/__pycache__", "!classroom/jupyter"]
    assert _ignored("solutions/ps01/ps01.ipynb", patterns)
    assert not _ignored("kerasedu/layers/core.py", patterns)
    assert _ignored("kerasedu/layers/__pycache__/core.pyc", patterns)
    assert _ignored("classroom/grade.py", patterns)
    assert not _ignored("classroom/jupyter/students/nbgrader_config.py", patterns)


@pytest.mark.parametrize("dockerfile", [Z2JH / "Dockerfile", Z2JH / "ngshare" / "Dockerfile"],
                         ids=["singleuser", "ngshare"])
def test_the_image_build_context_holds_no_solution_gradebook_or_history(dockerfile):
    context = build_context(dockerfile)
    assert context
    private = re.compile(r"(^|/)(solutions|submitted|autograded|feedback|\.git|\.venv)(/|$)"
                         r"|gradebook\.db$|grades\.csv$")
    assert not [path for path in context if private.search(path)]
    for path in context:
        if path.endswith(".ipynb"):
            text = (ROOT / path).read_text()
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, path
    # Everything the Dockerfile copies is in the context.
    for sources in re.findall(r"^COPY (.+) \S+$", dockerfile.read_text(), re.M):
        for source in sources.split():
            if (ROOT / source).exists():
                assert any(p == source or p.startswith(source + "/") for p in context), source


def test_the_image_installs_the_classroom_extras_and_warms_the_cache_as_its_user():
    dockerfile = (Z2JH / "Dockerfile").read_text()
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    installed = re.search(r'"/tmp/kerasedu\[([\w,]+)\]"', dockerfile).group(1).split(",")
    assert installed == ["book", "classroom"] and set(installed) <= set(extras)
    assert "COPY . " not in dockerfile
    assert "NUMBA_CACHE_DIR=/opt/kerasedu/numba-cache" in dockerfile
    user = dockerfile.index("\nUSER 1000")
    assert dockerfile.index("\nRUN python -m kerasedu warmup") > user
    assert "WORKDIR /home/jovyan" in dockerfile[:dockerfile.index("kerasedu warmup")]


# The proxy.

def _node_satisfies(requirement, version):
    """Does Node ``version`` (a tuple) meet an npm engines range like '>=18', '^16 || >=20'?"""
    for alternative in requirement.split("||"):
        alternative = alternative.strip().replace(" ", "")
        if alternative in ("*", ""):
            return True
        match = re.fullmatch(r"(>=|\^|>)?(\d+)(?:\.(\d+))?(?:\.(\d+))?", alternative)
        assert match, f"cannot read the engines range {requirement!r}"
        operator, bound = match.group(1), tuple(int(n or 0) for n in match.group(2, 3, 4))
        if (operator == ">=" and version >= bound or operator == ">" and version > bound
                or operator in ("^", None) and version[0] == bound[0] and version >= bound):
            return True
    return False


def test_the_proxy_is_pinned_locked_and_runs_on_the_distributions_node():
    package = json.loads((CLASSROOM / "package.json").read_text())
    version = package["dependencies"]["configurable-http-proxy"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    lock = json.loads((CLASSROOM / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == version
    # Node 18.19, Debian 12's and Ubuntu 24.04's, which the guide installs, meets every
    # package's engines.
    for name, entry in lock["packages"].items():
        engines = entry.get("engines", {}).get("node")
        if engines:
            assert _node_satisfies(engines, (18, 19, 0)), (name, engines)
    assert not _node_satisfies(">=22.12.0", (18, 19, 0))
    guide = (ROOT / "book" / "instructor_guide.md").read_text()
    assert "apt-get install nodejs npm" in guide


def test_make_classroom_runs_the_install_and_the_audit_as_root_without_the_venv():
    makefile = (ROOT / "Makefile").read_text()
    install = re.search(r"^classroom: *\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "-m classroom.install" in install and "$(BIN)" not in install
    check = re.search(r"^classroom-check: *\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "-m classroom.audit" in check


def test_make_grade_is_a_thin_wrapper_around_classroom_grade():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^grade: .*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert recipe.strip() == "$(IN_VENV) $(BIN)/python -m classroom.grade $(GRADE_ARGS)"
