"""What fit / evaluate / predict print: Keras's lines on stdout, nothing ever on stderr."""

import re

from training_helpers import linear_model, regression_data

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(text):
    return ANSI.sub("", text).replace("\b", "")


def test_verbose_1_prints_epoch_headers_and_bars(capsys):
    x, y = regression_data(n=12)
    linear_model(metrics=["mae"]).fit(x, y, batch_size=4, epochs=3, validation_split=0.25,
                                      verbose=1)
    out = capsys.readouterr()
    assert out.err == ""
    text = plain(out.out)
    assert [line for line in text.splitlines() if line.startswith("Epoch")] == \
        ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    finals = [line.strip() for line in re.split(r"[\r\n]", text)
              if line.strip().startswith("3/3") and "val_loss" in line]
    assert len(finals) == 3
    assert re.fullmatch(r"3/3 ━{20} \d+s \d+(\.\d+)?[mu]?s/step - loss: \S+ - mae: \S+ - "
                        r"val_loss: \S+ - val_mae: \S+", finals[0])


def test_single_epoch_has_no_epoch_header(capsys):
    x, y = regression_data(n=8)
    linear_model().fit(x, y, epochs=1, verbose=1)
    out = capsys.readouterr()
    assert "Epoch" not in out.out and "1/1" in plain(out.out) and out.err == ""


def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, y = regression_data(n=12)
    history = linear_model().fit(x, y, batch_size=4, epochs=2, verbose=2)
    out = capsys.readouterr()
    assert out.err == ""
    lines = out.out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert re.fullmatch(r"3/3 - \d+s - \d+(\.\d+)?[mu]?s/step - loss: (\S+)", lines[1])
    shown = float(lines[3].rsplit("loss: ", 1)[1])
    assert abs(shown - history.history["loss"][1]) <= 1e-4 * max(1.0, abs(shown))


def test_verbose_0_prints_nothing(capsys):
    x, y = regression_data(n=8)
    model = linear_model()
    model.fit(x, y, epochs=2, verbose=0)
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_evaluate_and_predict_draw_their_own_bar(capsys):
    x, y = regression_data(n=10)
    model = linear_model()
    loss = model.evaluate(x, y, batch_size=5, verbose=1)
    model.predict(x, batch_size=5, verbose=1)
    out = capsys.readouterr()
    assert out.err == ""
    text = plain(out.out)
    assert f"loss: {loss:.4f}" in text
    assert text.count("2/2") >= 2 and "Epoch" not in text
