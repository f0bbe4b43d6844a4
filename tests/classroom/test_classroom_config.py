"""The classroom's configuration files agree with each other: one server and Kubernetes set
up the same groups, settings folders, exchange and environment. (test_classroom_hub.py runs the
one-server configuration for real; Kubernetes cannot run here, so its files are checked
against it.)"""

import json
import os
import re
import sys
import tomllib
from pathlib import Path

import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
CLASSROOM = ROOT / "classroom"
IMAGE_REPOSITORY = "/opt/kerasedu"   # where classroom/z2jh/Dockerfile puts the repository


def load_hub_config(tmp_path, roster):
    """classroom/jupyterhub_config.py, evaluated as JupyterHub would, with class lists
    ``roster`` ({"instructors.txt": "...", ...}) and an exchange in ``tmp_path``."""
    for name, text in roster.items():
        (tmp_path / name).write_text(text)
    config = Config()
    path = CLASSROOM / "jupyterhub_config.py"
    saved = dict(os.environ)
    os.environ.update(KERASEDU_ROSTER=str(tmp_path), KERASEDU_EXCHANGE=str(tmp_path / "ex"),
                      KERASEDU_VENV=sys.prefix)
    try:
        exec(compile(path.read_text(), str(path), "exec"),
             {"get_config": lambda: config, "__file__": str(path)})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return config


class FakeSpawner:
    def __init__(self, *groups):
        group_objects = [type("Group", (), {"name": g})() for g in groups]
        self.user = type("User", (), {"groups": group_objects})()


def test_one_server_config_sets_groups_environment_and_exchange(tmp_path):
    config = load_hub_config(tmp_path, {"instructors.txt": "ada  # the lecturer\n",
                                        "students.txt": "alice\n\nbob\n# carol left\n"})
    assert config.Authenticator.allowed_users == {"ada", "alice", "bob"}
    assert config.Authenticator.admin_users == {"ada"}
    assert config.JupyterHub.load_groups == {"formgrade-kerasedu": {"users": ["ada"]},
                                             "nbgrader-kerasedu": {"users": ["alice", "bob"]}}
    assert config.Spawner.cmd == [str(Path(sys.prefix) / "bin" / "jupyterhub-singleuser")]
    environment = config.Spawner.environment
    assert environment["PATH"].split(os.pathsep)[0] == str(Path(sys.prefix) / "bin")
    assert environment["KERASEDU_EXCHANGE"] == str(tmp_path / "ex")
    folder = environment["JUPYTER_CONFIG_PATH"]
    assert folder(FakeSpawner("formgrade-kerasedu")) == str(CLASSROOM / "jupyter" / "instructors")
    assert folder(FakeSpawner("nbgrader-kerasedu")) == str(CLASSROOM / "jupyter" / "students")
    assert folder(FakeSpawner()) == str(CLASSROOM / "jupyter" / "students")
    assert (tmp_path / "ex").stat().st_mode & 0o7777 == 0o1777


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


def test_nbgrader_settings_name_one_course_and_one_exchange(tmp_path, monkeypatch):
    from traitlets.config.loader import PyFileConfigLoader

    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    monkeypatch.setenv("KERASEDU_COURSE", str(course))
    monkeypatch.setenv("KERASEDU_EXCHANGE", "/exchange")
    configs = {role: PyFileConfigLoader("nbgrader_config.py",
                                        path=str(CLASSROOM / "jupyter" / role)).load_config()
               for role in ("students", "instructors")}
    for config in configs.values():
        assert config.CourseDirectory.course_id == "kerasedu"
        assert config.Exchange.root == "/exchange"
    instructors = configs["instructors"]
    assert instructors.CourseDirectory.root == str(course)
    assert instructors.CourseDirectory.source_directory == "solutions"  # the course's own file
    assert [p.rsplit(".", 1)[-1] for p in instructors.GenerateFeedback.preprocessors] == [
        "GetGrades", "HideHiddenTests", "CSSHTMLHeaderPreprocessor"]


def _z2jh():
    return yaml.safe_load((CLASSROOM / "z2jh" / "config.yaml").read_text())


def test_kubernetes_config_has_the_same_groups_and_settings_folders():
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


def test_kubernetes_exchange_is_one_shared_volume_mounted_where_nbgrader_looks():
    singleuser = _z2jh()["singleuser"]
    exchange = singleuser["extraEnv"]["KERASEDU_EXCHANGE"]
    assert exchange == "/srv/nbgrader/exchange"
    (volume,) = singleuser["storage"]["extraVolumes"]
    (mount,) = singleuser["storage"]["extraVolumeMounts"]
    assert (mount["name"], mount["mountPath"]) == (volume["name"], exchange)
    claim = yaml.safe_load((CLASSROOM / "z2jh" / "exchange.yaml").read_text())
    assert claim["kind"] == "PersistentVolumeClaim"
    assert claim["metadata"]["name"] == volume["persistentVolumeClaim"]["claimName"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    (init,) = singleuser["initContainers"]
    assert init["volumeMounts"] == [{"name": volume["name"], "mountPath": exchange}]
    assert "chmod 1777 " + exchange in " ".join(init["command"])


def test_the_image_is_built_from_the_projects_extras():
    dockerfile = (CLASSROOM / "z2jh" / "Dockerfile").read_text()
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    installed = re.search(r'-e "/opt/kerasedu\[([\w,]+)\]"', dockerfile).group(1).split(",")
    assert installed == ["book", "classroom"] and set(installed) <= set(extras)
    assert "jupyterhub" in " ".join(extras["classroom"])
    assert f"COPY . {IMAGE_REPOSITORY}" in dockerfile
    assert "KERASEDU_EXCHANGE=" + _z2jh()["singleuser"]["extraEnv"]["KERASEDU_EXCHANGE"] in \
        dockerfile


def test_the_proxy_version_is_pinned_and_locked():
    package = json.loads((CLASSROOM / "package.json").read_text())
    version = package["dependencies"]["configurable-http-proxy"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    lock = json.loads((CLASSROOM / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == version


def test_make_grade_is_a_thin_wrapper_around_classroom_grade():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^grade: .*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert recipe.strip() == "$(IN_VENV) $(BIN)/python -m classroom.grade $(GRADE_ARGS)"
