"""kerasedu's own threads: how rows are cut into blocks, running tasks side by side, errors."""

import os
import subprocess
import sys
import threading

import pytest

from kerasedu.accelerated import threads


@pytest.fixture
def two_threads():
    saved = threads.thread_count()
    threads.set_threads(2)
    yield
    threads.set_threads(saved)


def test_one_thread_by_default_gives_one_block():
    code = ("from kerasedu.accelerated import threads; "
            "print(threads.thread_count(), threads.blocks(32))")
    env = {k: v for k, v in os.environ.items() if k != "KERASEDU_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stderr == "" and out.stdout.strip() == "1 [(0, 32)]"


@pytest.mark.parametrize("length, count, expected", [
    (32, 2, [(0, 16), (16, 32)]),
    (30, 2, [(0, 16), (16, 30)]),          # blocks start at multiples of four
    (30, 3, [(0, 8), (8, 20), (20, 30)]),
    (6, 2, [(0, 6)]),                      # too few rows for two blocks of four
    (8, 4, [(0, 4), (4, 8)]),
    (0, 2, [(0, 0)]),
    (1, 1, [(0, 1)]),
])
def test_blocks_cover_the_rows_once_in_order(length, count, expected):
    saved = threads.thread_count()
    threads.set_threads(count)
    try:
        assert threads.blocks(length) == expected
    finally:
        threads.set_threads(saved)


def test_tasks_run_side_by_side_and_results_keep_their_order(two_threads):
    names = []
    barrier = threading.Barrier(2, timeout=60)

    def task(k):
        barrier.wait()                     # returns only when both tasks are running
        names.append(threading.current_thread().name)
        return k * k
    assert threads.run_in_threads([lambda: task(3), lambda: task(4)]) == [9, 16]
    assert threading.current_thread().name in names
    assert any(name.startswith("kerasedu") for name in names)


def test_an_error_in_any_task_is_raised_after_every_task_finished(two_threads):
    finished = []

    def slow():
        threading.Event().wait(0.05)
        finished.append("slow")

    def fail():
        raise ValueError("task failed")
    with pytest.raises(ValueError, match="task failed"):
        threads.run_in_threads([fail, slow])
    assert finished == ["slow"]
    with pytest.raises(ValueError, match="task failed"):
        threads.run_in_threads([slow, fail])


def test_bad_thread_counts_are_refused():
    with pytest.raises(ValueError, match="at least one thread; received 0"):
        threads.set_threads(0)
    code = "from kerasedu.accelerated import threads; threads.thread_count()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "KERASEDU_THREADS": "two"})
    assert "KERASEDU_THREADS must be a whole number of threads, 1 or more; received 'two'" \
        in out.stderr


def test_a_forked_child_starts_its_own_pool():
    code = """
import os
from kerasedu.accelerated import threads
threads.set_threads(2)
threads.run_in_threads([lambda: 1, lambda: 2])         # the parent's pool now has a thread
pid = os.fork()
if pid == 0:
    ok = threads.run_in_threads([lambda: 3, lambda: 4]) == [3, 4]
    os._exit(0 if ok else 1)
print(os.waitpid(pid, 0)[1])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stderr == "" and out.stdout.strip() == "0"
