# nbgrader in a student's server. JupyterHub puts this folder on JUPYTER_CONFIG_PATH for the
# nbgrader-kerasedu group (classroom/jupyterhub_config.py; on Kubernetes, classroom/z2jh/).
# The Assignments tab fetches problem sets from the exchange, validates and submits them, and
# fetches feedback. The exchange (classroom/jupyter/kerasedu_exchange.py) is the hub's ngshare
# service when KERASEDU_NGSHARE_URL is set (Kubernetes), otherwise a folder on the server.
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from kerasedu_exchange import use_the_exchange  # noqa: E402

c.CourseDirectory.course_id = "kerasedu"
use_the_exchange(c)
