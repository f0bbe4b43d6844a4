"""Progbar: the exact text Keras 3 prints, on stdout only, redrawn in place or line by line.

Time is made deterministic by replacing ``time.time`` with a clock the test advances.
"""

import io
import sys
import time
import types

import numpy as np
import pytest

from kerasedu.utils import Progbar
from kerasedu.utils.progbar import (dynamic_display_available, format_duration_per_unit,
                                    format_eta)

BOLD, GREEN, GRAY, RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def bar(done, width=20):
    """The coloured bar as Keras draws it: green finished part (if any), gray rest."""
    text = f"{GREEN}{'━' * done}{RESET}" if done > 0 else ""
    return text + f"{GRAY}{'━' * (width - done)}{RESET}"


def progbar(dynamic, **kwargs):
    p = Progbar(**kwargs)
    p._dynamic_display = dynamic
    return p


def run_steps(p, clock, steps):
    """``steps``: (seconds later, current, values) triples."""
    for delay, current, values in steps:
        clock.now += delay
        p.update(current, values)


def test_dynamic_display_redraws_one_line_in_place(clock, capsys):
    p = progbar(True, target=4)
    run_steps(p, clock, [(1.0, 1, [("loss", 0.5)]), (0.5, 2, [("loss", 0.3)]),
                         (0.5, 4, [("loss", 0.2)])])
    out, err = capsys.readouterr()
    assert err == ""
    first = f"\r{BOLD}1/4{RESET} {bar(5)} {BOLD}3s{RESET} 1s/step - loss: 0.5000"
    first_width = len("1/4 ") + 20 + len(" 3s 1s/step - loss: 0.5000")
    # Step 2: 0.5 s per step after the first, so 1 s left; loss averaged (0.5 + 0.3) / 2.
    second = (f"{chr(8) * first_width}\r{BOLD}2/4{RESET} {bar(10)} {BOLD}1s{RESET} "
              f"500ms/step - loss: 0.4000")
    second_width = len("2/4 ") + 20 + len(" 1s 500ms/step - loss: 0.4000")
    # Final step: elapsed time since the start, and the value given as it is.
    third = (f"{chr(8) * second_width}\r{BOLD}4/4{RESET} {bar(20)} {BOLD}2s{RESET} "
             f"333ms/step - loss: 0.2000\n")
    assert out == first + second + third


def test_non_dynamic_display_starts_each_update_on_a_new_line(clock, capsys):
    p = progbar(False, target=2, width=10)
    run_steps(p, clock, [(0.25, 1, [("acc", 0.75)]), (0.25, 2, [("acc", 1.0)])])
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (f"\n{BOLD}1/2{RESET} {bar(5, 10)} {BOLD}0s{RESET} 250ms/step - acc: 0.7500"
                   f"\n{BOLD}2/2{RESET} {bar(10, 10)} {BOLD}0s{RESET} 250ms/step - acc: 1.0000\n")


def test_stateless_metrics_are_averaged_weighted_by_steps(clock, capsys):
    p = progbar(False, target=10, interval=0)
    clock.now += 1
    p.update(2, [("loss", 1.0)])
    clock.now += 1
    p.update(5, [("loss", 4.0)])         # weight 3: (2·1 + 3·4) / 5 = 2.8
    lines = capsys.readouterr().out.split("\n")
    assert lines[-1].endswith(" - loss: 2.8000")


def test_stateful_metrics_show_the_last_value(clock, capsys):
    p = progbar(False, target=10, stateful_metrics=["acc"])
    clock.now += 1
    p.update(2, [("acc", 0.5), ("loss", 1.0)])
    clock.now += 1
    p.update(5, [("acc", 0.9), ("loss", 4.0)])
    assert capsys.readouterr().out.split("\n")[-1].endswith(" - acc: 0.9000 - loss: 2.8000")


def test_stateless_metrics_list_makes_every_other_metric_stateful(clock, capsys):
    p = progbar(False, target=10, stateless_metrics=["loss"])
    clock.now += 1
    p.update(2, [("acc", 0.5), ("loss", 1.0)])
    clock.now += 1
    p.update(5, [("acc", 0.9), ("loss", 4.0)])
    assert capsys.readouterr().out.split("\n")[-1].endswith(" - acc: 0.9000 - loss: 2.8000")
    with pytest.raises(ValueError, match="at most one"):
        Progbar(3, stateful_metrics=["a"], stateless_metrics=["b"])


def test_small_values_use_scientific_notation(clock, capsys):
    p = progbar(False, target=1)
    clock.now += 1
    p.update(1, [("a", 0.001), ("b", -0.0005), ("c", 0.0011), ("d", -2.0)])
    assert capsys.readouterr().out.endswith(
        " - a: 1.0000e-03 - b: -5.0000e-04 - c: 0.0011 - d: -2.0000\n")


def test_verbose_2_prints_one_summary_line_at_the_end(clock, capsys):
    p = progbar(True, target=3, verbose=2)
    run_steps(p, clock, [(2.0, 1, [("loss", 0.5)]), (0.004, 2, [("loss", 0.4)])])
    assert capsys.readouterr().out == ""
    clock.now += 0.004
    p.update(3, [("loss", 0.25), ("tiny", 1e-5), ("neg", -0.5)])
    out, err = capsys.readouterr()
    assert err == ""
    # As in Keras, this line shows every value at or below 1e-3 (negatives too) as .4e.
    assert out == "3/3 - 2s - 4ms/step - loss: 0.2500 - tiny: 1.0000e-05 - neg: -5.0000e-01\n"


def test_verbose_0_prints_nothing(clock, capsys):
    p = progbar(True, target=2, verbose=0)
    run_steps(p, clock, [(1, 1, [("loss", 1.0)]), (1, 2, [("loss", 1.0)])])
    assert capsys.readouterr() == ("", "")


def test_unknown_target(clock, capsys):
    p = progbar(False, target=None, interval=0)
    run_steps(p, clock, [(0.002, 3, [("loss", 0.5)]), (0.002, 6, [("loss", 0.5)])])
    out = capsys.readouterr().out
    assert out == (f"\n      3/Unknown {BOLD}0s{RESET} 667us/step - loss: 0.5000"
                   f"\n      6/Unknown {BOLD}0s{RESET} 667us/step - loss: 0.5000")
    clock.now += 1
    p.update(6, finalize=True)
    assert capsys.readouterr().out.endswith(f"6/Unknown {BOLD}1s{RESET} 167ms/step - loss: 0.5000\n")


def test_updates_closer_than_interval_are_skipped_except_the_last(clock, capsys):
    p = progbar(False, target=3, interval=1.0)
    run_steps(p, clock, [(1.5, 1, None), (0.1, 2, None), (0.1, 3, None)])
    out = capsys.readouterr().out
    assert [line[len(BOLD):len(BOLD) + 3] for line in out.split("\n")[1:-1]] == ["1/3", "3/3"]


def test_shorter_line_is_padded_to_erase_the_previous_one(clock, capsys):
    p = progbar(True, target=10, width=4)
    clock.now += 1
    p.update(1, [("loss", 123456.5)])
    clock.now += 1
    p.update(2, [("loss", -123454.5)])      # average 1.0: five characters shorter
    out = capsys.readouterr().out
    first = f"\r{BOLD} 1/10{RESET} {bar(0, 4)} {BOLD}9s{RESET} 1s/step - loss: 123456.5000"
    width = len(" 1/10 ") + 4 + len(" 9s 1s/step - loss: 123456.5000")
    second = (f"{chr(8) * width}\r{BOLD} 2/10{RESET} {bar(0, 4)} {BOLD}8s{RESET} 1s/step"
              f" - loss: 1.0000" + " " * 5)
    assert out == first + second


def test_add_advances_by_n(clock, capsys):
    p = progbar(False, target=4)
    clock.now += 1
    p.add(2, [("loss", 1.0)])
    clock.now += 1
    p.add(2, [("loss", 3.0)])
    out = capsys.readouterr().out
    assert f"{BOLD}2/4{RESET}" in out and out.endswith(" - loss: 3.0000\n")
    assert p._seen_so_far == 4


def test_tensor_and_numpy_values(clock, capsys):
    from kerasedu.backend.tensor import Tensor

    p = progbar(False, target=2, interval=0)
    clock.now += 1
    p.update(1, [("loss", Tensor(np.float32(0.5))), ("acc", np.array([0.5, 1.0]))])
    assert capsys.readouterr().out.endswith(" - loss: 0.5000 - acc: 0.7500")


def test_time_formats():
    assert format_duration_per_unit(0) == " 0s/step"
    assert format_duration_per_unit(1.4) == " 1s/step"
    assert format_duration_per_unit(0.0034) == " 3ms/step"
    assert format_duration_per_unit(2.5e-5, "sample") == " 25us/sample"
    assert format_eta(4000) == "1:06:40"
    assert format_eta(125.7) == "2:05"
    assert format_eta(59.9) == "59s"


def test_eta_in_minutes_and_hours(clock, capsys):
    p = progbar(False, target=1000, width=10)
    clock.now += 5
    p.update(1)
    clock.now += 5
    p.update(2)            # 5 s per step, 998 steps left: 4990 s
    assert f"{BOLD}1:23:10{RESET} 5s/step" in capsys.readouterr().out


def test_counter_is_right_aligned_to_the_target_width(clock, capsys):
    p = progbar(False, target=120, width=10)
    clock.now += 1
    p.update(7)
    assert capsys.readouterr().out.startswith(f"\n{BOLD}  7/120{RESET} ")


def test_ascii_stdout_falls_back_to_equals_signs(clock, monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    p = progbar(False, target=1, width=4)
    clock.now += 1
    p.update(1)
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert f"{GREEN}===={RESET}" in text and "━" not in text


def test_dynamic_display_detection(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert not dynamic_display_available()
    assert Progbar(3)._dynamic_display is False
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert dynamic_display_available()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    assert Progbar(3)._dynamic_display is True


def test_update_signature_is_keras_3s():
    import inspect

    assert list(inspect.signature(Progbar.update).parameters) == [
        "self", "current", "values", "finalize"]
    assert list(inspect.signature(Progbar.add).parameters) == ["self", "n", "values"]
    assert list(inspect.signature(Progbar).parameters) == [
        "target", "width", "verbose", "interval", "stateful_metrics", "stateless_metrics",
        "unit_name"]
