"""Which nbgrader exchange a server uses; both settings folders' nbgrader_config.py call
:func:`use_the_exchange` (this module sits beside them).

* On Kubernetes, ``KERASEDU_NGSHARE_URL`` names the hub's ngshare service: every transfer is an
  HTTP request that ngshare authenticates with the user's JupyterHub token, so a student acts
  only as themselves and reaches no one else's files.
* On one server, nbgrader's exchange folder (``KERASEDU_EXCHANGE``, /srv/nbgrader/exchange),
  where every user is an account of their own, with two guarantees nbgrader's default leaves out:

  **A submission is its author's.** nbgrader names a submission after ``JUPYTERHUB_USER`` (or
  the login name), which a student can set to anyone's name in a terminal
  (``JUPYTERHUB_USER=bob nbgrader submit ps01``). On one server every submission folder in the
  exchange belongs to the account that made it, so the instructors' collect keeps only those
  whose owner is the student they name: a submission made under someone else's name is left in
  the exchange, reported, and never replaces that student's own.

  **No one but its author changes a submission.** nbgrader leaves each submission folder in the
  exchange writable by everyone (``rwxrwxrwx``, so that an instructor may delete it), and
  ``collect`` copies that mode into the course's ``submitted/``. Here the student's submit makes
  the folder read-only to others, and collect makes the collected copy the instructor's alone.
"""

import datetime
import os
import pwd

from nbgrader.exchange.default import ExchangeCollect, ExchangeSubmit

# Sorts before any real submission time (nbgrader's are naive, in UTC), so that a student's
# own submission is always taken.
NEVER = datetime.datetime.min


def owner_name(path):
    try:
        return pwd.getpwuid(os.stat(path).st_uid).pw_name
    except KeyError:
        return None


def make_private(top):
    """Remove every permission of group and others under ``top``."""
    for folder, dirs, files in os.walk(top):
        os.chmod(folder, 0o700)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o600)


class AuthorOnlySubmit(ExchangeSubmit):
    """nbgrader's submit; then the submission in the exchange is read-only to everyone else."""

    def copy_files(self):
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o755)


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, of each student's own submissions only, into private folders."""

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        owner = owner_name(os.path.join(self.inbound_path, record["filename"]))
        if owner != record["username"]:
            record.update(timestamp=NEVER, made_by=owner)
        return record

    def copy_files(self):
        genuine = []
        for record in self.src_records:
            if "made_by" in record:
                self.log.error("Not collected: %s names %s but was made by %s",
                               record["filename"], record["username"], record["made_by"])
            else:
                genuine.append(record)
        self.src_records = genuine
        super().copy_files()
        for record in genuine:
            make_private(self.coursedir.format_path(
                self.coursedir.submitted_directory, record["username"],
                self.coursedir.assignment_id))


def use_the_exchange(c):
    """Point nbgrader's configuration ``c`` at the class's exchange."""
    ngshare = os.environ.get("KERASEDU_NGSHARE_URL")
    if ngshare:
        import ngshare_exchange

        ngshare_exchange.configureExchange(c, ngshare)
        return
    c.ExchangeFactory.submit = AuthorOnlySubmit
    c.ExchangeFactory.collect = OwnerCheckedCollect
    c.Exchange.root = os.environ.get("KERASEDU_EXCHANGE", "/srv/nbgrader/exchange")
