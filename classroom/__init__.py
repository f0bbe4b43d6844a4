"""Running a kerasedu class at scale: JupyterHub with nbgrader's exchange, parallel grading.

* ``install.py``: ``make classroom``, the environment every user of a class's server runs,
  without solutions; ``audit.py``: ``make classroom-check``, what a student could reach;
* ``jupyterhub_config.py``: the hub for one server; ``z2jh/``: the same on Kubernetes;
  ``jupyter/``: what students' and instructors' servers load (nbgrader settings, extensions,
  the exchange's guarantees, the shared kernel cache);
* ``grade.py``: ``make grade``, a whole class graded in parallel (``worker.py`` does the work);
* ``simulate.py``: simulated submissions, to rehearse grading before a deadline.

book/instructor_guide.md explains how to use them. Nothing in kerasedu imports this package.
"""
