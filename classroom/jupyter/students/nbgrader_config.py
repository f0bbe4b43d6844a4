# nbgrader in a student's server. JupyterHub puts this folder on JUPYTER_CONFIG_PATH for the
# nbgrader-kerasedu group (classroom/jupyterhub_config.py; on Kubernetes, classroom/z2jh/).
# The Assignments tab fetches problem sets from the exchange, validates and submits them, and
# fetches feedback. A student is known to nbgrader by their user name on the server (on
# Kubernetes, where everyone is jovyan, by their JupyterHub name).
import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "kerasedu"
c.Exchange.root = os.environ.get("KERASEDU_EXCHANGE", "/srv/nbgrader/exchange")
