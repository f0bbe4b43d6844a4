# JupyterHub for a kerasedu class on one server.
#
# Students and instructors log in with their account on the server, work in JupyterLab with
# kerasedu's environment, and pass problem sets through nbgrader's exchange: instructors
# release, collect, grade and return feedback; students fetch, validate, submit and read their
# feedback. book/instructor_guide.md ("A class on JupyterHub") walks through the setup; the
# same settings for Zero to JupyterHub on Kubernetes are in classroom/z2jh/config.yaml.
#
# `make classroom` installs this file into /opt/kerasedu/classroom/. Run the hub as root (it
# starts each user's server as that user) from the folder that keeps its state
# (jupyterhub.sqlite, the cookie secret) and the class lists:
#
#     cd /srv/jupyterhub
#     /opt/kerasedu/venv/bin/jupyterhub -f /opt/kerasedu/classroom/jupyterhub_config.py
#
# instructors.txt and students.txt in that folder list the user names, one a line; everyone
# listed must have an account on the server. They are read at every login and every server
# start, so adding a name lets that person in at once, with no restart. Environment variables,
# all optional:
#
#   KERASEDU_HUB_URL       where the hub listens (http://127.0.0.1:8000: behind a web server)
#   KERASEDU_EXCHANGE      nbgrader's exchange, shared by everyone (/srv/nbgrader/exchange)
#   KERASEDU_ROSTER        the folder with the class lists and the hub's state (the current one)
#   KERASEDU_VENV          the environment users' servers and kernels run in (the hub's own)
#   KERASEDU_NUMBA_CACHE   the warmed kernel cache (numba-cache beside that environment)
#   KERASEDU_COURSE        the course directory in an instructor's home (~/kerasedu)
import ipaddress
import os
import pwd
import sys
from pathlib import Path
from urllib.parse import urlparse

from jupyterhub.auth import PAMAuthenticator

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
COURSE_ID = "kerasedu"
# nbgrader's names for a course's groups: formgrade-<course> for instructors (and graders),
# nbgrader-<course> for students.
INSTRUCTORS_GROUP = f"formgrade-{COURSE_ID}"
STUDENTS_GROUP = f"nbgrader-{COURSE_ID}"

EXCHANGE = Path(os.environ.get("KERASEDU_EXCHANGE", "/srv/nbgrader/exchange"))
STATE = Path(os.environ.get("KERASEDU_ROSTER", ".")).resolve()
VENV = Path(os.environ.get("KERASEDU_VENV", sys.prefix))
NUMBA_CACHE = Path(os.environ.get("KERASEDU_NUMBA_CACHE", VENV.parent / "numba-cache"))


def user_names(filename):
    """The user names in a class list: one a line, '#' starts a comment."""
    path = STATE / filename
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def role_of(name):
    """'instructors', 'students', or None for someone on neither list (read now, not at start)."""
    if name in user_names("instructors.txt"):
        return "instructors"
    if name in user_names("students.txt"):
        return "students"
    return None


class ClassListAuthenticator(PAMAuthenticator):
    """The server's passwords (PAM); who may log in, who is an admin and who is in which group
    come from the class lists at each login and before each server starts. Instructors are hub
    admins, so they can open a student's server to help."""

    manage_groups = True
    refresh_pre_spawn = True

    def check_allowed(self, username, authentication=None):
        return role_of(username) is not None

    def _class_list_model(self, name):
        role = role_of(name)
        groups = {"instructors": [INSTRUCTORS_GROUP], "students": [STUDENTS_GROUP]}
        return {"name": name, "admin": role == "instructors", "groups": groups.get(role, [])}

    async def authenticate(self, handler, data):
        name = await super().authenticate(handler, data)
        return self._class_list_model(name) if name else None

    async def refresh_user(self, user, handler=None):
        if role_of(user.name) is None:
            return False  # taken off the class lists: the next login is refused
        return self._class_list_model(user.name)


c.JupyterHub.authenticator_class = ClassListAuthenticator

# The hub's state is private: the database holds every user's API tokens, the cookie secret
# signs every login. Everything the hub writes is its own (umask), and the folder is root's.
os.umask(0o077)
if STATE.stat().st_uid == os.geteuid():
    STATE.chmod(0o700)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
for state_file in (STATE / "jupyterhub.sqlite", STATE / "jupyterhub_cookie_secret"):
    if state_file.exists():
        state_file.chmod(0o600)

# Loopback only: the web server in front of the hub (book/instructor_guide.md) serves HTTPS
# and forwards to it. Listening elsewhere sends passwords in clear unless the hub has a
# certificate of its own.
c.JupyterHub.bind_url = os.environ.get("KERASEDU_HUB_URL", "http://127.0.0.1:8000")
_bind = urlparse(c.JupyterHub.bind_url)
if _bind.scheme == "http" and not ipaddress.ip_address(
        _bind.hostname or "0.0.0.0").is_loopback:  # noqa: S104 (what an empty host means)
    print(f"WARNING: the hub listens on {c.JupyterHub.bind_url} without HTTPS: passwords "
          "cross the network in clear. Put a web server with a certificate in front of it "
          "(KERASEDU_HUB_URL=http://127.0.0.1:8000), or set c.JupyterHub.ssl_cert and ssl_key.",
          file=sys.stderr)

# nbgrader's exchange: a folder everyone can write to, like /tmp, in which the course's folder
# belongs to an instructor before any student can create it (whoever owns it owns every
# release and submission). nbgrader makes its inbound folder write-only for students.
if not EXCHANGE.is_dir():
    EXCHANGE.mkdir(parents=True)
EXCHANGE.chmod(0o1777)
def give_the_course_exchange_to_an_instructor():
    course = EXCHANGE / COURSE_ID
    instructors = user_names("instructors.txt")
    if course.exists() or not instructors:
        return
    try:
        owner = pwd.getpwnam(instructors[0])
    except KeyError:
        print(f"WARNING: {instructors[0]} (instructors.txt) has no account on this server, so "
              f"{course} was not created; a student could create it first.", file=sys.stderr)
        return
    course.mkdir()
    os.chown(course, owner.pw_uid, owner.pw_gid)
    course.chmod(0o755)


give_the_course_exchange_to_an_instructor()


def config_folder(spawner):
    """What a user's server loads its Jupyter and nbgrader settings from:
    classroom/jupyter/instructors (every nbgrader extension, the course directory) or
    classroom/jupyter/students (no Formgrader, no Create Assignment)."""
    return str(HERE / "jupyter" / (role_of(spawner.user.name) or "students"))


def own_numba_cache(spawner):
    """Where a user's kernels look for compiled kernels: a folder in their home whose entries
    link to the warmed, read-only cache (the students' and instructors' jupyter_server_config.py
    link them at server start; numba only uses a cache folder it may write to)."""
    return str(Path(pwd.getpwnam(spawner.user.name).pw_dir) / ".cache" / "kerasedu-numba")


# Every user's server runs from kerasedu's environment, so its Python kernel is that
# environment's python, and `python`, `nbgrader` and `make` in a terminal find its programs.
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "PATH": f"{VENV / 'bin'}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": config_folder,
    "KERASEDU_EXCHANGE": str(EXCHANGE),
    "KERASEDU_NUMBA_CACHE": str(NUMBA_CACHE),
    "NUMBA_CACHE_DIR": own_numba_cache,
    **({"KERASEDU_COURSE": os.environ["KERASEDU_COURSE"]}
       if "KERASEDU_COURSE" in os.environ else {}),
}

# JupyterHub's proxy, installed next to this file by `make classroom` (classroom/package.json);
# otherwise the configurable-http-proxy on PATH.
proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
