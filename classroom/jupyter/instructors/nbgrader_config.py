# nbgrader in an instructor's server. JupyterHub puts this folder on JUPYTER_CONFIG_PATH for the
# formgrade-kerasedu group (classroom/jupyterhub_config.py; on Kubernetes, classroom/z2jh/).
# Every nbgrader extension is on: Formgrader, Create Assignment, Assignment List, Course List.
#
# The course directory is a clone of the kerasedu repository in the instructor's home,
# ~/kerasedu, or wherever KERASEDU_COURSE says. The formgrader and the nbgrader commands work on
# it from any directory, and `make grade` grades it in parallel (classroom/grade.py).
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

course = os.path.expanduser(os.environ.get("KERASEDU_COURSE", "~/kerasedu"))

# The course's own settings (solutions/ as the source directory, exercises/ as the release
# directory, the per-cell time limit, feedback without the hidden tests) are in its
# nbgrader_config.py. nbgrader's commands read
# that file from the course directory, the formgrader only from here.
if os.path.isfile(os.path.join(course, "nbgrader_config.py")):
    load_subconfig(os.path.join(course, "nbgrader_config.py"))  # noqa: F821

c.CourseDirectory.course_id = "kerasedu"
c.CourseDirectory.root = course

# The exchange: the hub's ngshare service on Kubernetes, a folder on one server
# (classroom/jupyter/kerasedu_exchange.py).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from kerasedu_exchange import use_the_exchange  # noqa: E402

use_the_exchange(c)
