"""A user's view of the class's warmed kernel cache; both settings folders'
jupyter_server_config.py call :func:`link_shared_cache` when a server starts.

``make classroom`` compiles every numba kernel once into a cache folder that belongs to root
and that no user may write (``KERASEDU_NUMBA_CACHE``): a cache every student could write would
let one student put compiled code into everyone's kernels. numba, though, only uses a cache
folder it can write to (it tries to create a file there first), and compiles everything again
into ``~/.cache/numba`` otherwise. So each user's kernels get ``NUMBA_CACHE_DIR`` in their own
home, and this fills it with symbolic links to the shared cache's files: numba reads the
compiled kernels through the links, and only what the shared cache lacks (a dtype nobody
warmed) is compiled and written, as a real file, next to them.
"""

import os


def link_shared_cache(shared=None, own=None):
    """Link every file of ``shared`` into ``own`` (the environment's KERASEDU_NUMBA_CACHE and
    NUMBA_CACHE_DIR by default) where ``own`` has no newer file of its own; remove links whose
    file is gone. Returns the number of links made."""
    shared = shared or os.environ.get("KERASEDU_NUMBA_CACHE")
    own = own or os.environ.get("NUMBA_CACHE_DIR")
    if not shared or not own or not os.path.isdir(shared):
        return 0
    if os.path.realpath(shared) == os.path.realpath(own):
        return 0
    made = 0
    for folder, _, files in os.walk(shared):
        target_folder = os.path.join(own, os.path.relpath(folder, shared))
        os.makedirs(target_folder, mode=0o700, exist_ok=True)
        for name in files:
            source, link = os.path.join(folder, name), os.path.join(target_folder, name)
            if os.path.islink(link) and os.readlink(link) == source:
                continue
            if os.path.lexists(link) and os.lstat(link).st_mtime >= os.stat(source).st_mtime:
                continue  # compiled here, after the shared cache was made
            temporary = f"{link}.{os.getpid()}.link"
            os.symlink(source, temporary)
            os.replace(temporary, link)
            made += 1
    for folder, _, files in os.walk(own):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) and not os.path.exists(path):
                os.unlink(path)
    return made
