"""Running a kerasedu class at scale: JupyterHub with nbgrader's exchange, parallel grading.

* ``install.py``: ``make classroom``, the environment every user of a class's server runs,
  without solutions; ``audit.py``: ``make classroom-check``, what a student could reach;
* ``jupyterhub_config.py``: the hub for one server; ``z2jh/``: the same on Kubernetes;
  ``jupyter/``: what students' and instructors' servers load (nbgrader settings, extensions,
  the exchange's guarantees, the shared kernel cache);
* ``grade.py``: ``make grade``, a whole class graded in parallel (``pool.py`` keeps the worker
  processes, ``worker.py`` does the work, ``summary.py`` reports);
* ``sandbox.py``, ``kernel.py``, ``execute.py``: each student's kernel in a bubblewrap sandbox,
  as nbgrader runs it (named in the course's nbgrader_config.py); ``kernel_cache.py``: the numba
  cache compiled before grading; ``restore.py``: test cells restored before grading;
  ``findings.py``: what grading tells the instructor about a student;
* ``simulate.py`` and ``students/``: simulated submissions, hostile ones included, to rehearse
  grading before a deadline and to test it.

book/instructor_guide.md explains how to use them. Nothing in kerasedu imports this package.
"""
