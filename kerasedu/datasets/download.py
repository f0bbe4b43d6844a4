"""Download a file once, check it, and keep it in a local cache (like ``keras.utils.get_file``).

``get_file(fname, origin, file_hash=...)`` returns the path of ``fname`` in the cache directory
``$KERASEDU_HOME/<cache_subdir>`` (``~/.kerasedu/datasets`` by default). The first call downloads
``origin``; later calls find the file there and use it without touching the network.

A download is written to a temporary file next to its destination. Only after every byte has
arrived and the hash matches is it renamed into place (``os.replace``), so an interrupted or
corrupted download never leaves a file at the final path and never replaces a good one.
"""

import hashlib
import http.client
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile

#: Seconds to wait for the server to connect or to send the next piece of data.
TIMEOUT_SECONDS = 30.0

_CHUNK_BYTES = 1 << 20
_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar", ".zip")


class DownloadError(OSError):
    """A file could not be downloaded; the message says where to put it by hand."""


def cache_root(cache_dir=None):
    """The directory that holds kerasedu's cache subdirectories.

    ``cache_dir`` if given, else ``$KERASEDU_HOME``, else ``~/.kerasedu``. If that directory cannot
    be created or written (a read-only home), ``<system temp dir>/.kerasedu`` is used instead.
    """
    if cache_dir is not None:
        return os.path.expanduser(cache_dir)
    root = os.environ.get("KERASEDU_HOME") or os.path.join("~", ".kerasedu")
    root = os.path.expanduser(root)
    try:
        os.makedirs(root, exist_ok=True)
    except OSError:
        pass
    if not os.access(root, os.W_OK):
        root = os.path.join(tempfile.gettempdir(), ".kerasedu")
    return root


def file_digest(path, algorithm="sha256"):
    """The hex digest of the file at ``path`` (``algorithm`` is ``"sha256"`` or ``"md5"``)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_algorithm(file_hash):
    if len(file_hash) == 64:
        return "sha256"
    if len(file_hash) == 32:
        return "md5"
    raise ValueError(
        f"file_hash must be a SHA-256 (64 hex digits) or MD5 (32 hex digits) digest; "
        f"received {file_hash!r} ({len(file_hash)} characters)."
    )


def _matches(path, file_hash):
    return file_digest(path, _hash_algorithm(file_hash)) == file_hash.lower()


def _say(verbose, message):
    if verbose:
        print(message, file=sys.stdout, flush=True)


def _stream_to(stream, response, origin, verbose):
    """Copy ``response`` into ``stream``; raise if fewer bytes arrive than announced."""
    expected = response.headers.get("Content-Length")
    expected = int(expected) if expected is not None else None
    received = 0
    next_report = 0.0
    while True:
        chunk = response.read(_CHUNK_BYTES)
        if not chunk:
            break
        stream.write(chunk)
        received += len(chunk)
        if verbose and expected and received / expected >= next_report:
            print(f"\r  {received / expected:4.0%} of {expected:,} bytes", end="", flush=True)
            next_report += 0.1
    if verbose:
        print(flush=True)
    if expected is not None and received != expected:
        raise OSError(f"the server sent {received:,} of {expected:,} bytes from {origin}")


def _download(origin, destination, file_hash, verbose):
    """Fetch ``origin`` into a temporary file, check it, then rename it to ``destination``."""
    directory = os.path.dirname(destination)
    handle, partial = tempfile.mkstemp(
        dir=directory, prefix="." + os.path.basename(destination) + ".", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            _say(verbose, f"Downloading data from {origin}")
            request = urllib.request.Request(origin, headers={"User-Agent": "kerasedu"})
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                _stream_to(stream, response, origin, verbose)
        if file_hash is not None:
            received = file_digest(partial, _hash_algorithm(file_hash))
            if received != file_hash.lower():
                raise ValueError(
                    f"The file downloaded from {origin} is not the expected one: its "
                    f"{_hash_algorithm(file_hash)} hash is {received}, expected {file_hash}. "
                    f"It was deleted, and {destination} was left as it was. The download may "
                    "have been damaged (try again) or the file at that address has changed."
                )
        os.chmod(partial, 0o644)
        os.replace(partial, destination)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def _offline_message(origin, destination, file_hash, reason):
    expected = f"Its {_hash_algorithm(file_hash)} hash must be {file_hash}. " if file_hash else ""
    return (
        f"Could not download {origin} ({reason}).\n"
        f"If this computer is offline or cannot reach that address, install the file by hand: "
        f"download {origin} on a computer with internet access and copy it to\n"
        f"    {destination}\n"
        f"{expected}kerasedu will then use that file without downloading."
    )


def _extracted_dir_name(fname):
    for suffix in _ARCHIVE_SUFFIXES:
        if fname.endswith(suffix):
            return fname[: -len(suffix)]
    return fname + "_extracted"


def _safe_tar_members(archive, target):
    target = os.path.realpath(target)
    for member in archive.getmembers():
        path = os.path.realpath(os.path.join(target, member.name))
        if member.issym() or member.islnk() or os.path.commonpath([target, path]) != target:
            raise ValueError(f"Refusing to extract {member.name!r}: it points outside {target}.")
    return archive.getmembers()


def _extract(archive_path, target):
    """Unpack a tar or zip archive into a new directory ``target``, all or nothing."""
    parent = os.path.dirname(target)
    partial = tempfile.mkdtemp(dir=parent, prefix="." + os.path.basename(target) + ".", suffix=".part")
    try:
        if tarfile.is_tarfile(archive_path):
            with tarfile.open(archive_path) as archive:
                if hasattr(tarfile, "data_filter"):
                    archive.extractall(partial, filter="data")
                else:
                    archive.extractall(partial, members=_safe_tar_members(archive, partial))
        elif zipfile.is_zipfile(archive_path):
            with zipfile.ZipFile(archive_path) as archive:
                archive.extractall(partial)
        else:
            raise ValueError(f"{archive_path} is neither a tar nor a zip archive; cannot extract it.")
        if os.path.isdir(target):
            shutil.rmtree(target)
        os.replace(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def get_file(
    fname,
    origin,
    file_hash=None,
    cache_subdir="datasets",
    extract=False,
    cache_dir=None,
    *,
    force_download=False,
    verbose=False,
):
    """Download ``origin`` to the cache unless it is already there, and return its local path.

    Args:
        fname: file name in the cache (an absolute path is used as it is).
        origin: the URL to download from (``http``, ``https`` or ``file``).
        file_hash: expected SHA-256 (64 hex digits) or MD5 (32 hex digits) of the file. A cached
            file that does not match is downloaded again; a download that does not match raises
            ``ValueError`` and is deleted. ``None`` trusts any cached file.
        cache_subdir: subdirectory of the cache directory (an absolute path is used as it is).
        extract: if true, the file is a tar or zip archive; it is unpacked once into the directory
            ``<fname without .tar.gz/.zip/...>`` beside it, and that directory's path is returned.
        cache_dir: cache directory; default ``$KERASEDU_HOME`` or ``~/.kerasedu``.
        force_download: download even if a cached file exists. The cached file is replaced only
            once the new one has arrived completely and matches ``file_hash``.
        verbose: print the URL and download progress to stdout. Nothing is ever printed to stderr.

    Returns:
        ``str``, the path of the file (or of the extracted directory if ``extract``).

    Raises:
        DownloadError: (an ``OSError``) the file is not cached and cannot be downloaded; the message
            names the URL, the path where the file belongs, and how to put it there by hand.
        ValueError: the downloaded file does not match ``file_hash``.
    """
    if file_hash is not None:
        _hash_algorithm(file_hash)
    destination = os.path.join(cache_root(cache_dir), cache_subdir, fname)
    directory = os.path.dirname(destination)
    os.makedirs(directory, exist_ok=True)

    cached = os.path.isfile(destination) and not force_download
    if cached and file_hash is not None and not _matches(destination, file_hash):
        _say(verbose, f"{destination} does not match its expected hash; downloading it again.")
        cached = False
    if not cached:
        try:
            _download(origin, destination, file_hash, verbose)
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, urllib.error.HTTPError):
                error.close()
                reason = error
            else:
                reason = getattr(error, "reason", None) or error
            raise DownloadError(_offline_message(origin, destination, file_hash, reason)) from error

    if not extract:
        return destination
    target = os.path.join(directory, _extracted_dir_name(os.path.basename(fname)))
    if not cached or not os.path.isdir(target):
        _extract(destination, target)
    return target
