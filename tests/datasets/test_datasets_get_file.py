"""get_file against a loopback HTTP server: caching, hashes, interrupted downloads, offline errors."""

import hashlib
import io
import os
import tarfile
import time
import zipfile

import pytest

from kerasedu.datasets import download
from kerasedu.datasets.download import DownloadError, get_file

PAYLOAD = bytes(range(256)) * 1000
PAYLOAD_SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
GOOD_OLD_BYTES = b"a good copy from an earlier download"


def files_in(directory):
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def test_download_is_cached_and_second_call_does_not_hit_the_server(server, kerasedu_home):
    server.files["/data.bin"] = PAYLOAD
    first = get_file("data.bin", server.url("/data.bin"), file_hash=PAYLOAD_SHA256)
    second = get_file("data.bin", server.url("/data.bin"), file_hash=PAYLOAD_SHA256)

    assert first == second == str(kerasedu_home / "datasets" / "data.bin")
    with open(first, "rb") as stream:
        assert stream.read() == PAYLOAD
    assert server.requests_for("/data.bin") == 1
    assert files_in(kerasedu_home / "datasets") == ["data.bin"]


def test_md5_hash_is_accepted_like_keras(server):
    server.files["/data.bin"] = PAYLOAD
    path = get_file("data.bin", server.url("/data.bin"), file_hash=hashlib.md5(PAYLOAD).hexdigest())
    assert os.path.getsize(path) == len(PAYLOAD)


def test_cache_dir_and_cache_subdir_choose_the_location(server, tmp_path):
    server.files["/data.bin"] = PAYLOAD
    path = get_file("data.bin", server.url("/data.bin"), cache_dir=str(tmp_path / "elsewhere"),
                    cache_subdir="models")
    assert path == str(tmp_path / "elsewhere" / "models" / "data.bin")
    assert os.path.isfile(path)


def test_bad_checksum_raises_names_both_hashes_and_leaves_no_file(server, kerasedu_home):
    server.files["/data.bin"] = PAYLOAD
    wrong = "0" * 64
    with pytest.raises(ValueError) as error:
        get_file("data.bin", server.url("/data.bin"), file_hash=wrong)

    assert wrong in str(error.value)
    assert PAYLOAD_SHA256 in str(error.value)
    assert files_in(kerasedu_home / "datasets") == []


def test_malformed_hash_is_rejected_before_any_request(server):
    server.files["/data.bin"] = PAYLOAD
    with pytest.raises(ValueError, match="64 hex digits"):
        get_file("data.bin", server.url("/data.bin"), file_hash="abc123")
    assert server.requests == []


def test_cached_file_with_wrong_hash_is_downloaded_again(server, kerasedu_home):
    server.files["/data.bin"] = PAYLOAD
    cached = kerasedu_home / "datasets" / "data.bin"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"corrupted")

    path = get_file("data.bin", server.url("/data.bin"), file_hash=PAYLOAD_SHA256)

    assert server.requests_for("/data.bin") == 1
    with open(path, "rb") as stream:
        assert stream.read() == PAYLOAD


def test_interrupted_download_leaves_nothing_at_the_final_path(server, kerasedu_home):
    server.files["/data.bin"] = PAYLOAD
    server.truncated.add("/data.bin")
    with pytest.raises(DownloadError, match=f"{len(PAYLOAD) // 2:,} of {len(PAYLOAD):,} bytes"):
        get_file("data.bin", server.url("/data.bin"))

    assert server.requests_for("/data.bin") == 1
    assert files_in(kerasedu_home / "datasets") == []


def test_interrupted_forced_download_keeps_the_existing_good_file(server, kerasedu_home):
    server.files["/data.bin"] = PAYLOAD
    server.truncated.add("/data.bin")
    cached = kerasedu_home / "datasets" / "data.bin"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(GOOD_OLD_BYTES)

    with pytest.raises(DownloadError):
        get_file("data.bin", server.url("/data.bin"), force_download=True)

    assert server.requests_for("/data.bin") == 1
    assert cached.read_bytes() == GOOD_OLD_BYTES
    assert files_in(cached.parent) == ["data.bin"]


def test_interrupted_redownload_of_a_stale_file_does_not_replace_it(server, kerasedu_home):
    server.files["/data.bin"] = PAYLOAD
    server.truncated.add("/data.bin")
    cached = kerasedu_home / "datasets" / "data.bin"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"stale")

    with pytest.raises(DownloadError):
        get_file("data.bin", server.url("/data.bin"), file_hash=PAYLOAD_SHA256)

    assert cached.read_bytes() == b"stale"
    assert files_in(cached.parent) == ["data.bin"]


def test_http_error_is_a_download_error_naming_the_status(server):
    with pytest.raises(DownloadError, match="404"):
        get_file("missing.bin", server.url("/missing.bin"))


def test_offline_message_names_url_cache_path_and_manual_step(closed_port_url, kerasedu_home):
    with pytest.raises(DownloadError) as error:
        get_file("mnist.npz", closed_port_url, file_hash=PAYLOAD_SHA256)

    message = str(error.value)
    assert isinstance(error.value, OSError)
    assert closed_port_url in message
    assert str(kerasedu_home / "datasets" / "mnist.npz") in message
    assert "by hand" in message and "copy it to" in message
    assert PAYLOAD_SHA256 in message
    assert files_in(kerasedu_home / "datasets") == []


def test_a_server_that_never_answers_times_out(server, monkeypatch, kerasedu_home):
    monkeypatch.setattr(download, "TIMEOUT_SECONDS", 0.3)
    server.stalled.add("/slow.bin")
    started = time.monotonic()
    with pytest.raises(DownloadError, match="timed out"):
        get_file("slow.bin", server.url("/slow.bin"))

    assert time.monotonic() - started < 5
    assert files_in(kerasedu_home / "datasets") == []


def test_nothing_is_printed_unless_verbose_and_never_to_stderr(server, capsys):
    server.files["/data.bin"] = PAYLOAD
    get_file("quiet.bin", server.url("/data.bin"))
    quiet = capsys.readouterr()
    get_file("loud.bin", server.url("/data.bin"), verbose=True)
    loud = capsys.readouterr()

    assert quiet.out == "" and quiet.err == ""
    assert server.url("/data.bin") in loud.out
    assert "100%" in loud.out
    assert loud.err == ""


def tar_gz_bytes(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore::DeprecationWarning:tarfile")
@pytest.mark.parametrize("python_has_tar_filters", [True, False])
def test_extract_unpacks_a_tar_once_and_returns_the_directory(server, kerasedu_home, monkeypatch,
                                                              python_has_tar_filters):
    if not python_has_tar_filters:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    server.files["/pack.tar.gz"] = tar_gz_bytes({"inner/a.txt": b"alpha", "inner/b.txt": b"beta"})
    first = get_file("pack.tar.gz", server.url("/pack.tar.gz"), extract=True)
    os.remove(os.path.join(first, "inner", "b.txt"))
    second = get_file("pack.tar.gz", server.url("/pack.tar.gz"), extract=True)

    assert first == second == str(kerasedu_home / "datasets" / "pack")
    with open(os.path.join(first, "inner", "a.txt"), "rb") as stream:
        assert stream.read() == b"alpha"
    assert not os.path.exists(os.path.join(second, "inner", "b.txt"))
    assert server.requests_for("/pack.tar.gz") == 1
    assert files_in(kerasedu_home / "datasets") == ["pack", "pack.tar.gz"]


def test_extract_unpacks_a_zip(server):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/readme.txt", "zipped")
    server.files["/notes.zip"] = buffer.getvalue()
    directory = get_file("notes.zip", server.url("/notes.zip"), extract=True)
    with open(os.path.join(directory, "notes", "readme.txt")) as stream:
        assert stream.read() == "zipped"


@pytest.mark.filterwarnings("ignore::DeprecationWarning:tarfile")
@pytest.mark.parametrize("python_has_tar_filters", [True, False])
def test_extract_refuses_members_that_escape_the_directory(server, kerasedu_home, monkeypatch,
                                                            python_has_tar_filters):
    if not python_has_tar_filters:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    server.files["/evil.tar.gz"] = tar_gz_bytes({"../escaped.txt": b"outside"})
    with pytest.raises((ValueError, tarfile.TarError)):
        get_file("evil.tar.gz", server.url("/evil.tar.gz"), extract=True)

    assert not (kerasedu_home / "escaped.txt").exists()
    assert files_in(kerasedu_home / "datasets") == ["evil.tar.gz"]
