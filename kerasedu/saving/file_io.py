"""Writing files so that readers never see half of one.

``write_atomically(path, data)`` writes into a temporary file in the same folder
(``.<name>.<process id>.<random>.tmp``), flushes it to disk, then renames it over ``path`` with
``os.replace``: one step that happens whole or not at all. If anything fails before the rename,
the temporary file is removed, an existing file at ``path`` is left exactly as it was, and the
error names ``path`` (never the temporary file) and says what went wrong. A save that was
killed leaves its temporary file behind; the next save to the same place removes it.
"""

import errno
import os
import re
import tempfile

_REASONS = {
    errno.ENOSPC: "the disk is full: free some space, or save to another disk",
    errno.EDQUOT: "your disk quota is used up: delete some files, or save elsewhere",
    errno.EACCES: "you may not write in that folder: save somewhere you can write",
    errno.EPERM: "you may not write in that folder: save somewhere you can write",
    errno.EROFS: "the disk is read-only: save to another place",
    errno.ENOENT: "the folder does not exist: create it first, or check the path",
    errno.ENAMETOOLONG: "the file name is too long: choose a shorter one",
}


class SaveError(OSError):
    """Writing a file failed; the message names the file and the cause."""


def _current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary_name_pattern(path):
    return re.compile(re.escape(f".{os.path.basename(path)}.") + r"(\d+)\.\w+\.tmp$")


def _process_is_running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporary_files(path):
    """Remove temporary files that earlier saves to ``path`` left when their process died."""
    directory = os.path.dirname(os.path.abspath(path))
    pattern = _temporary_name_pattern(path)
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if match and not _process_is_running(int(match.group(1))):
            try:
                os.remove(os.path.join(directory, name))
            except OSError:
                pass


def write_atomically(path, data):
    """Write ``data`` (bytes, or a function that writes into a binary file object) to
    ``path``, all or nothing. Raises SaveError naming ``path`` when writing fails."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"Cannot write to '{path}': it is a directory. Give a file name.")
    directory = os.path.dirname(os.path.abspath(path))
    remove_stale_temporary_files(path)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(path)}.{os.getpid()}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, path)
    except BaseException as error:
        if temporary is not None:
            try:
                os.remove(temporary)
            except OSError:
                pass
        if isinstance(error, OSError) and not isinstance(error, SaveError):
            raise _save_error(path, error) from error
        raise


def _save_error(path, error):
    cause = error.strerror or str(error) or type(error).__name__
    reason = _REASONS.get(error.errno, "")
    saved = SaveError(f"Could not save '{path}': {cause}{' - ' + reason if reason else ''}. "
                      f"Nothing was written, and any earlier file at that path is unchanged.")
    saved.errno = error.errno
    return saved


def check_can_write(path, overwrite):
    """Refuse to replace an existing file when ``overwrite`` is False."""
    if not overwrite and os.path.exists(path):
        raise FileExistsError(
            f"'{path}' already exists and overwrite=False. Pass overwrite=True to replace it, "
            f"or choose another file name.")
