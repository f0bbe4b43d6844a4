# JupyterHub for a kerasedu class on one server.
#
# Students and instructors log in with their account on the server, work in JupyterLab with
# kerasedu's environment, and pass problem sets through nbgrader's exchange: instructors
# release, collect, grade and return feedback; students fetch, validate, submit and read their
# feedback. book/instructor_guide.md ("A class on JupyterHub") walks through the setup; the
# same settings for Zero to JupyterHub on Kubernetes are in classroom/z2jh/config.yaml.
#
# Run the hub as root (it starts each user's server as that user) from the folder that keeps
# its state (jupyterhub.sqlite, the cookie secret) and the class lists:
#
#     cd /srv/jupyterhub
#     /opt/kerasedu/.venv/bin/jupyterhub -f /opt/kerasedu/classroom/jupyterhub_config.py
#
# instructors.txt and students.txt in that folder list the user names, one a line; everyone
# listed must have an account on the server. Environment variables, all optional:
#
#   KERASEDU_EXCHANGE  nbgrader's exchange, shared by everyone (/srv/nbgrader/exchange)
#   KERASEDU_ROSTER    the folder with instructors.txt and students.txt (the current folder)
#   KERASEDU_VENV      the environment users' servers and kernels run in (the hub's own)
#   KERASEDU_COURSE    the course directory in an instructor's home (~/kerasedu)
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
COURSE_ID = "kerasedu"
# nbgrader's names for a course's groups: formgrade-<course> for instructors (and graders),
# nbgrader-<course> for students. nbgrader's JupyterHubAuthPlugin reads them if several courses
# ever share this hub.
INSTRUCTORS_GROUP = f"formgrade-{COURSE_ID}"
STUDENTS_GROUP = f"nbgrader-{COURSE_ID}"

EXCHANGE = Path(os.environ.get("KERASEDU_EXCHANGE", "/srv/nbgrader/exchange"))
ROSTER = Path(os.environ.get("KERASEDU_ROSTER", "."))
VENV = Path(os.environ.get("KERASEDU_VENV", sys.prefix))


def user_names(filename):
    """The user names in a class list: one a line, '#' starts a comment."""
    path = ROSTER / filename
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


INSTRUCTORS = user_names("instructors.txt")
STUDENTS = user_names("students.txt")

# Who may log in. The default authenticator checks passwords with the server's accounts (PAM).
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
# Instructors are hub admins, so they can open a student's server to help.
c.Authenticator.admin_users = set(INSTRUCTORS)
# load_groups only adds members; remove someone from a group in the admin page (or the REST
# API) as well as from the list.
c.JupyterHub.load_groups = {
    INSTRUCTORS_GROUP: {"users": INSTRUCTORS},
    STUDENTS_GROUP: {"users": STUDENTS},
}

# nbgrader's exchange: a folder everyone can write to, like /tmp (nbgrader makes the course's
# inbound folder there write-only for students, so they cannot read each other's work).
if not EXCHANGE.is_dir():
    EXCHANGE.mkdir(parents=True)
    EXCHANGE.chmod(0o1777)


def config_folder(spawner):
    """What a user's server loads its Jupyter and nbgrader settings from, by group:
    classroom/jupyter/instructors (every nbgrader extension, the course directory) or
    classroom/jupyter/students (no Formgrader, no Create Assignment)."""
    groups = {group.name for group in spawner.user.groups}
    role = "instructors" if INSTRUCTORS_GROUP in groups else "students"
    return str(HERE / "jupyter" / role)


# Every user's server runs from kerasedu's environment, so its Python kernel is that
# environment's python, and `python`, `nbgrader` and `make` in a terminal find its programs.
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
    "JUPYTER_CONFIG_PATH": config_folder,
    "KERASEDU_EXCHANGE": str(EXCHANGE),
    **({"KERASEDU_COURSE": os.environ["KERASEDU_COURSE"]}
       if "KERASEDU_COURSE" in os.environ else {}),
}

# JupyterHub's proxy, installed next to this file by `make setup` (classroom/package.json);
# otherwise the configurable-http-proxy on PATH.
proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
