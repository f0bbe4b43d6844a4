"""Writing files so that readers never see half of one.

``write_atomically(path, data)`` writes into a temporary file in the same folder, flushes it to
disk, then renames it over ``path`` with ``os.replace`` — one step that either happens whole or
not at all. If anything fails before the rename, the temporary file is removed and an existing
file at ``path`` is left exactly as it was.
"""

import os
import tempfile


def _current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path, data):
    """Write ``data`` (bytes, or a function that writes into a binary file object) to ``path``."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise IsADirectoryError(f"Cannot write to '{path}': it is a directory. Give a file name.")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise


def check_can_write(path, overwrite):
    """Refuse to replace an existing file when ``overwrite`` is False."""
    if not overwrite and os.path.exists(path):
        raise FileExistsError(
            f"'{path}' already exists and overwrite=False. Pass overwrite=True to replace it, "
            f"or choose another file name.")
