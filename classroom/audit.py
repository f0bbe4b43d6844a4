"""Check a class's server for anything a student could read or change that they must not.

    python3 -m classroom.audit [--prefix /opt/kerasedu] [--state /srv/jupyterhub]
                               [--exchange /srv/nbgrader/exchange] [--course-folder kerasedu]

Run it as root (``make classroom-check`` does) after installing, after adding users and before
each term. It prints one line per problem, with the command that fixes it, and exits 1 when it
found any. It checks

* the classroom install (``classroom.install``): no solutions, hidden tests, gradebook or git
  history in it; root's and writable by no one else; its Python runnable by every user; the
  kernel cache present and readable by everyone;
* the hub's state folder: only root may enter it (the hub's database holds every user's
  tokens and the cookie secret signs every login);
* every home folder of the class lists' users: no one else may enter it, so no student reads an
  instructor's course (solutions, gradebook, submissions) or another student's work;
* nbgrader's exchange: its root like /tmp, the course's folder belonging to an instructor, its
  inbound folder unlistable and its outbound and feedback folders writable only by their owner;
* each instructor's course folder: collected submissions writable by the instructor alone.
"""

import argparse
import hashlib
import os
import pwd
import stat
import sys
from pathlib import Path

COURSE_ID = "kerasedu"
# Marks only the instructor's version of a problem set carries (nbgrader's source syntax).
PRIVATE_MARKS = (b"BEGIN HIDDEN TESTS", b"BEGIN SOLUTION")
PRIVATE_NAMES = {"solutions", "gradebook.db", "grades.csv", "submitted", "autograded",
                 "feedback", ".git"}


def not_reachable_by_all(path):
    """The first folder on the way to ``path`` (or ``path`` itself) that other users cannot
    enter or read; None when everyone can."""
    path = Path(os.path.abspath(path))
    for folder in [*reversed(path.parents), path]:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return str(folder)
        needed = stat.S_IXOTH if stat.S_ISDIR(mode) else stat.S_IROTH
        if not mode & needed:
            return str(folder)
    return None


def _problem(path, what, fix):
    return f"{path}: {what}\n    fix: {fix}"


def _walk(top):
    """Every path under ``top`` (not following links), top included."""
    yield top
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            yield os.path.join(folder, name)


def _holds_private_marks(path):
    try:
        with open(path, "rb") as handle:
            text = handle.read()
    except OSError:
        return False
    return any(mark in text for mark in PRIVATE_MARKS)


def audit_install(prefix):
    """Problems of the classroom install in ``prefix`` (see classroom/install.py)."""
    prefix = Path(prefix)
    if not prefix.is_dir():
        return [_problem(prefix, "no classroom install here", "make classroom")]
    problems = []
    site_packages = {str(p) for p in prefix.glob("venv/lib/python*/site-packages")}
    for path in _walk(str(prefix)):
        if os.path.islink(path):
            continue
        info = os.lstat(path)
        name = os.path.basename(path)
        if name in PRIVATE_NAMES and not any(path.startswith(s + os.sep) for s in site_packages):
            problems.append(_problem(path, "instructors only: solutions, grades or history",
                                     f"rm -r {path}"))
        if info.st_uid != 0 or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            problems.append(_problem(
                path, f"owned by uid {info.st_uid}, mode {stat.filemode(info.st_mode)}: "
                "someone other than root could change what every user runs",
                f"chown -R root:root {prefix} && chmod -R go-w {prefix}"))
        elif not info.st_mode & stat.S_IROTH:
            problems.append(_problem(path, "not readable by every user",
                                     f"chmod -R a+rX {prefix}"))
        in_venv_packages = any(path.startswith(s + os.sep) and
                               not path.startswith(os.path.join(s, "kerasedu"))
                               for s in site_packages)
        if path.endswith(".ipynb") and not in_venv_packages and _holds_private_marks(path):
            problems.append(_problem(path, "holds solutions or hidden tests", f"rm {path}"))
    python = prefix / "venv" / "bin" / "python"
    blocked = not_reachable_by_all(os.path.realpath(python))
    if blocked:
        problems.append(_problem(python, f"its interpreter is under {blocked}, which other "
                                 "users cannot enter: every server would fail to start",
                                 "make classroom CLASSROOM_PYTHON=/usr/bin/python3"))
    problems += _audit_kernel_cache(prefix, site_packages)
    return problems


def _audit_kernel_cache(prefix, site_packages):
    """The warmed cache must exist and be filed under the installed kerasedu's folders (numba
    names a cache folder after its source folder's path), or every kernel compiles again."""
    cache = prefix / "numba-cache"
    folders = {p.name for p in cache.iterdir()} if cache.is_dir() else set()
    if not any(cache.glob("*/*.nbi")):
        return [_problem(cache, "no compiled kernels: every student would compile them again",
                         "make classroom")]
    installed = set()
    for packages in site_packages:
        for folder, _, _ in os.walk(os.path.join(packages, "kerasedu")):
            digest = hashlib.sha1(folder.encode()).hexdigest()
            installed.add(f"{os.path.basename(folder)}_{digest}")
    strays = sorted(folders - installed)
    if strays:
        return [_problem(cache / strays[0], "compiled from a kerasedu other than the "
                         "installed one: no kernel would find it", "make classroom")]
    return []


def _private_to_owner(path, owner_uid=None):
    """A problem when others can enter ``path`` or someone else owns it; else None."""
    info = os.stat(path)
    if owner_uid is not None and info.st_uid != owner_uid:
        return _problem(path, f"owned by uid {info.st_uid}", f"chown {owner_uid} {path}")
    if info.st_mode & 0o077:
        return _problem(path, f"mode {stat.filemode(info.st_mode)}: other users can look in",
                        f"chmod 700 {path}")
    return None


def class_lists(state):
    """(instructors, students) from the class lists in the hub's state folder."""
    def names(filename):
        path = Path(state) / filename
        if not path.is_file():
            return []
        lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
        return [line for line in lines if line]
    return names("instructors.txt"), names("students.txt")


def audit_server(state, exchange, course_folder="kerasedu"):
    """Problems of the hub's state, the users' homes, the exchange and the instructors' courses."""
    problems = []
    state, exchange = Path(state), Path(exchange)
    if state.is_dir():
        problems.append(_private_to_owner(state, 0))
        for name in ("jupyterhub.sqlite", "jupyterhub_cookie_secret"):
            if (state / name).exists():
                problems.append(_private_to_owner(state / name, 0))
    instructors, students = class_lists(state)
    for user in instructors + students:
        try:
            account = pwd.getpwnam(user)
        except KeyError:
            problems.append(_problem(user, "listed in the class lists but has no account",
                                     f"adduser {user}"))
            continue
        problems.append(_private_to_owner(account.pw_dir, account.pw_uid))
    instructor_uids = set()
    for user in instructors:
        try:
            account = pwd.getpwnam(user)
        except KeyError:
            continue
        instructor_uids.add(account.pw_uid)
        course = Path(account.pw_dir) / course_folder
        for path in course.glob("submitted/**/*"):
            if os.stat(path).st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                problems.append(_problem(path, "a collected submission others could change",
                                         f"chmod -R go-w {course / 'submitted'}"))
                break
    problems += audit_exchange(exchange, instructor_uids)
    return [p for p in problems if p]


def audit_exchange(exchange, instructor_uids):
    """Problems of nbgrader's exchange folder (the one-server exchange)."""
    if not exchange.is_dir():
        return [_problem(exchange, "missing", "start the hub once: it creates the exchange")]
    problems = []
    info = os.stat(exchange)
    if info.st_uid != 0 or stat.S_IMODE(info.st_mode) != 0o1777:
        problems.append(_problem(exchange, f"mode {stat.filemode(info.st_mode)}, uid "
                                 f"{info.st_uid}; nbgrader needs it root's and like /tmp",
                                 f"chown root {exchange} && chmod 1777 {exchange}"))
    course = exchange / COURSE_ID
    if not course.is_dir():
        return problems + [_problem(course, "missing: a student could create it and own the "
                                    "course's exchange", "start the hub once: it creates it")]
    if os.stat(course).st_uid not in instructor_uids:
        problems.append(_problem(course, "not owned by an instructor: its owner controls "
                                 "every release and submission", f"rm -r {course}, then "
                                 "restart the hub"))
    for name, forbidden in (("", 0o022), ("outbound", 0o022), ("inbound", 0o044),
                            ("feedback", 0o066)):
        path = course / name
        if path.exists() and os.stat(path).st_mode & forbidden:
            problems.append(_problem(path, f"mode {stat.filemode(os.stat(path).st_mode)}: "
                                     "students could list or change others' files",
                                     f"chmod go-{'rw' if forbidden & 0o044 else 'w'} {path}"))
    return problems


def report(problems, out=sys.stdout):
    for problem in problems:
        print(problem, file=out)
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m classroom.audit",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", default="/opt/kerasedu")
    parser.add_argument("--state", default="/srv/jupyterhub")
    parser.add_argument("--exchange", default="/srv/nbgrader/exchange")
    parser.add_argument("--course-folder", default="kerasedu",
                        help="the course's folder in each instructor's home")
    args = parser.parse_args(argv)
    problems = audit_install(args.prefix) + audit_server(args.state, args.exchange,
                                                         args.course_folder)
    report(problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
