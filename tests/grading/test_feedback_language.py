"""Feedback in the student's language (kerasedu.grading.language).

For a wrong answer to a check of each module of kerasedu.grading, the message under
use_language("zh_CN") is Chinese and still names the method, the expected and the received
values exactly as the English message does (every code name, shape, number and quoted value of
the English message appears in the Chinese one); under "en" it is the English message, with
no Chinese in it. Also: wrapping at display width, and the choice of language surviving what
grading does between cells.
"""

import functools
import importlib
import re
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasedu.grading
from kerasedu.grading import common, language
from kerasedu.grading.common import LINE_WIDTH, display_width, wrap

import test_autodiff_checks as autodiff
import test_conv_checks as conv
import test_custom_layer_checks as custom
import test_layer_checks as layer
import test_merge_checks as merge
import test_normalization_checks as normalization
import test_sequence_checks as sequence
import test_training_checks as training

CJK = re.compile(r"[\u3400-\u9fff]")
# What a message names: dotted names and calls, tuples and lists that start with a size or a
# number, numbers with a decimal point, quoted values.
NAMED = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+(?:\([^()]*\))?"
                   r"|[(\[](?:None|-?\d)[^()\[\]]*,[^()\[\]]*[)\]]"
                   r"|-?\d+\.\d+(?:e-?\d+)?|(?<!\w)'[^'\s]+'")
ENGLISH_ONLY = {"e.g", "i.e"}


def flat(text):
    return " ".join(str(text).split())


def _conv_student(kind, name):
    return conv.student(kind)[name]


def _bn(kind):
    return normalization._answers(kind)["BatchNormalization"]


def _float_sizes(input_shape):
    return (input_shape[0], 6.0)


def _one_param(layer, input_shape):
    return 1


# id: (the failing check, what the English message says, what the Chinese one says)
CASES = {
    "layer_checks": (
        lambda g: g.check_call(layer.ForgetsActivation, "Dense", (None, 3), args=(4,),
                               kwargs={"activation": "relu"}),
        ["ForgetsActivation.call computes the wrong values"],
        ["ForgetsActivation.call 算出的值不对", "应为（第一行）"]),
    "layer_checks build": (
        lambda g: g.check_build(layer.TransposedKernel, "Dense", (None, 3), args=(4,)),
        ["weight 'kernel' should have shape (3, 4), yours has (4, 3)"],
        ["权重 'kernel' 的形状应为 (3, 4)，你的是 (4, 3)"]),
    "common": (
        lambda g: g.check_output_shapes(_float_sizes, "Flatten", cases=[((None, 2, 3), {})]),
        ["which holds the float 6.0", "integer division"],
        ["其中含有浮点数 6.0", "整数除法"]),
    "shape_checks": (
        lambda g: g.check_param_counts(_one_param, "a"),
        ["_one_param(", "returned 1, expected 160", "Count every weight"],
        ["返回了 1，应为 160", "每个权重都要算上"]),
    "student": (
        lambda g: g.check_call(layer.LoudAndWrong, "Dense", (None, 3), args=(4,)),
        ["Your code printed this to stderr while the check ran", "debug: call (4, 3)"],
        ["检查运行期间，你的代码向 stderr 输出了以下内容", "debug: call (4, 3)"]),
    "custom_layer_checks": (
        lambda g: g.check_added_losses(custom.ListOfLosses, "Dense", (None, 3), args=(4,),
                                       kwargs={"l2": 0.05, "activation": "relu"},
                                       reference_kwargs=custom.L2_REFERENCE),
        ["ListOfLosses.losses holds 2 losses instead of 1"],
        ["ListOfLosses.losses 中有 2 个损失，而不是 1 个"]),
    "frozen_bn_checks": (
        lambda g: g.check_frozen_batch_norm(custom.FrozenByTrainable, (None, 4)),
        ["trainable weights are [] after __init__ and build, expected ['gamma', 'beta']"],
        ["__init__ 和 build之后 FrozenByTrainable 的可训练权重是 []，应为 ['gamma', 'beta']"]),
    "merge_checks": (
        lambda g: g.check_merge_error(merge.AddWithVagueError, [(None, 3), (None, 4)]),
        ["does not name the shapes (None, 3), (None, 4)", "'shapes do not match'"],
        ["错误信息没有写出形状 (None, 3), (None, 4)", "你的信息：'shapes do not match'"]),
    "training_checks": (
        lambda g: g.check_loss_function(training.mse_mean_over_everything,
                                        "mean_squared_error", (4, 3)),
        ["returned shape (), expected (4,)", "one loss per sample"],
        ["返回的形状是 ()，应为 (4,)", "每个样本返回一个损失"]),
    "recurrent_checks": (
        lambda g: g.check_recurrent_param_counts(sequence.one_gru_bias, cases=[
            ((None, None, 10), {"layer": "GRU", "units": 16})]),
        ["one_gru_bias((None, None, 10), layer='GRU', units=16) returned 1296, expected 1344"],
        ["one_gru_bias((None, None, 10), layer='GRU', units=16) 返回了 1296，应为 1344"]),
    "cell_checks": (
        lambda g: g.check_cell_weights(sequence.NoStateSize, (None, 5, 3), 4),
        ["set self.state_size = units in __init__"],
        ["请在 __init__ 中设置 self.state_size = units"]),
    "conv_checks": (
        lambda g: g.check_conv_output_shape(_conv_student("same_size_rounded_down", "Conv2D"),
                                            conv.SHAPES[:1]),
        ["axis 1 (height): expected 4, received 3", "ceil(7 / 2) = 4"],
        ["轴 1（高）：应为 4，实际为 3", "ceil(7 / 2) = 4"]),
    "conv_pooling_checks": (
        lambda g: g.check_pooling(
            _conv_student("average_pooling_counts_padding", "AveragePooling2D"),
            "AveragePooling2D", conv.POOLS),
        ["not by pool_height · pool_width"],
        ["而不是 pool_height · pool_width"]),
    "normalization_checks": (
        lambda g: g.check_batch_norm_training(_bn("bn_unbiased_variance"),
                                              input_shape=(None, 5, 5, 3)),
        ["unbiased variance (divided by n − 1)"],
        ["无偏方差（除以 n − 1）"]),
    "normalization_consistency_checks": (
        lambda g: g.check_batch_norm_frozen(_bn("bn_frozen_still_trains"),
                                            input_shape=(None, 4)),
        ["should run in inference mode (Keras 3)"],
        ["应以推理模式运行（Keras 3）"]),
    "regularization_checks": (
        lambda g: g.check_dropout_training(normalization._answers("dropout_unscaled")["Dropout"],
                                           rate=0.5),
        ["The kept values are not scaled"],
        ["保留下来的值没有缩放"]),
    "autodiff_checks": (
        lambda g: g.check_unbroadcast(autodiff.no_keepdims, cases=[((2, 3), (3, 1))]),
        ["must have the input's shape (3, 1)", "keepdims=True"],
        ["它必须是输入的形状 (3, 1)", "keepdims=True"]),
    "gradient_checker_checks": (
        lambda g: g.check_numerical_gradient(autodiff.one_sided, functions=["cubic"],
                                             shapes=[(2, 3)]),
        ["one-sided difference", "(f(x + h) − f(x − h)) / 2h"],
        ["单侧差分", "(f(x + h) − f(x − h)) / 2h"]),
    "im2col_checks": (
        lambda g: g.check_im2col(functools.partial(autodiff.im2col, order=(4, 3)),
                                 autodiff.IM2COL_CASES),
        ["column by column, (kw, kh, c)"],
        ["按列读取窗口的，(kw, kh, c)"]),
}


def _messages(grading, call):
    """{language: the message of the AssertionError that call() raises in it}."""
    messages = {}
    for name in ("en", "zh_CN"):
        grading.use_language(name)
        with pytest.raises(AssertionError) as info:
            call(grading)
        messages[name] = str(info.value)
    return messages


@pytest.mark.parametrize("case", list(CASES))
def test_a_wrong_answer_is_explained_in_the_chosen_language(grading, case):
    call, english, chinese = CASES[case]
    messages = _messages(grading, call)
    en, zh = flat(messages["en"]), flat(messages["zh_CN"])
    assert not CJK.search(en), en
    assert all(flat(fragment) in en for fragment in english), en
    assert all(flat(fragment) in zh for fragment in chinese), zh
    named = {token for token in NAMED.findall(en) if token not in ENGLISH_ONLY}
    assert named and [token for token in sorted(named) if token not in zh] == [], (en, zh)
    for message in messages.values():
        assert all(display_width(line) <= LINE_WIDTH for line in message.splitlines()), message


def test_every_module_of_checks_has_a_case():
    modules = {p.stem for p in Path(kerasedu.grading.__file__).parent.glob("*_checks.py")}
    assert len(modules) == 16 and modules <= {case.split()[0] for case in CASES}


def test_english_is_the_default_and_an_unknown_language_is_refused(grading, monkeypatch):
    monkeypatch.delenv("KERASEDU_FEEDBACK_LANGUAGE")
    assert grading.current_language() == "en"
    with pytest.raises(ValueError, match="expected one of 'en', 'zh_CN', received 'fr'"):
        grading.use_language("fr")
    assert grading.current_language() == "en"


def test_deferred_text_is_written_in_the_language_of_the_moment_it_is_shown():
    label = language.deferred("{label} (traits)", label=language.deferred("IPython's shell"))
    assert f"{label}.x" == "IPython's shell (traits).x"
    language.use_language("zh_CN")
    assert f"{label}.x" == "IPython 的 shell（traits）.x"
    assert language.tr("{label} were changed", label=label) == "IPython 的 shell（traits）被改动了"


# ---------------------------------------------------------------------- wrapping

MIXED = ("MyDense.build((None, 3)) 创建的权重不对：权重 'kernel' 的形状应为 (3, 4)，你的是 "
         "(4, 3)；名为 'w' 的权重应命名为 'kernel'（add_weight 的 name=...）。请用 "
         "self.add_weight(name=..., shape=..., initializer='zeros', trainable=False) 创建。")


def test_mixed_chinese_and_english_lines_wrap_at_display_width():
    lines = wrap(MIXED).splitlines()
    assert len(lines) == 4
    assert [display_width(line) for line in lines] == [78, 77, 76, 8]
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:])
    # Nothing is lost, and breaks fall at spaces or next to a Chinese character, never inside
    # a word or a value.
    assert "".join(lines).replace(" ", "") == MIXED.replace(" ", "")
    for before, after in zip(lines, lines[1:]):
        assert CJK.search(before[-1] + after[2]) or not re.match(r"\w\w", before[-1] + after[2])


def test_chinese_punctuation_stays_with_its_character():
    # 39 characters fill 78 columns: the comma after the 39th goes down with it.
    lines = wrap("这" * 38 + "句，" + "那" * 10, width=78).splitlines()
    assert lines == ["这" * 38, "  句，" + "那" * 10]
    # An opening bracket goes down with the character it opens.
    lines = wrap("这" * 38 + "（括号）", width=78).splitlines()
    assert lines == ["这" * 38, "  （括号）"]


def test_a_word_wider_than_the_line_gets_a_line_of_its_own():
    text = "说明 " + "x" * 100 + " 之后"
    assert wrap(text, width=40).splitlines() == ["说明", "  " + "x" * 100, "  之后"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefg(),.'=", min_size=1, max_size=12), max_size=40),
       st.integers(10, 90), st.integers(0, 8))
def test_english_lines_wrap_exactly_as_textwrap_would(words, width, indent):
    line = " " * indent + " ".join(words)
    first = textwrap.wrap(line.strip(), width=width - indent, break_long_words=False,
                          break_on_hyphens=False) or [""]
    rest = textwrap.wrap(" ".join(first[1:]), width=width, initial_indent=" " * indent + "  ",
                         subsequent_indent=" " * indent + "  ", break_long_words=False,
                         break_on_hyphens=False)
    assert wrap(line, width=width) == "\n".join([" " * indent + first[0]] + rest)


def test_a_failure_shows_its_chinese_message_wrapped(grading):
    grading.use_language("zh_CN")
    error = common.GradingError(MIXED)
    lines = str(error).splitlines()
    assert display_width(lines[0]) <= LINE_WIDTH - len("GradingError: ")
    assert error.message == MIXED


# ---------------------------------------------------------------------- between cells

def test_the_language_survives_a_reload_and_is_no_tampering(grading):
    grading.use_language("zh_CN")
    grading.integrity.verify()
    reloaded = importlib.reload(kerasedu.grading)
    assert reloaded.current_language() == "zh_CN"
    grading.integrity.capture()     # a second capture records nothing new
    reloaded.integrity.verify()
    with pytest.raises(AssertionError, match="算出的值不对"):
        reloaded.check_call(layer.ForgetsBias, "Dense", (None, 3), args=(4,))
    reloaded.use_language("en")
    with pytest.raises(AssertionError, match="computes the wrong values"):
        reloaded.check_call(layer.ForgetsBias, "Dense", (None, 3), args=(4,))
    reloaded.integrity.verify()


def test_the_language_machinery_is_in_the_record_and_choosing_is_not_tampering(grading):
    """tr and the catalog's modules are recorded (replacing them is tampering, as for any
    check), and choosing a language changes nothing recorded."""
    trusted = kerasedu.grading.integrity.trusted
    assert trusted("kerasedu.grading.language", "tr") is language.tr
    assert trusted("kerasedu.grading.common", "tr") is language.tr
    assert trusted("kerasedu.grading", "language") is language
    assert trusted("kerasedu.grading.zh_CN", "common") is sys.modules[
        "kerasedu.grading.zh_CN.common"]
    for name in ("zh_CN", "en", "zh_CN"):
        grading.use_language(name)
        grading.integrity.verify()


# ---------------------------------------------------------------------- feedback pages

@pytest.mark.parametrize("imports,replacement", [
    ("from kerasedu import grading", "[hidden test]"),
    ('from kerasedu import grading\ngrading.use_language("zh_CN")', "[隐藏的测试]"),
])
def test_a_printed_hidden_test_is_replaced_in_the_notebooks_language(imports, replacement):
    import nbformat
    from kerasedu.grading.feedback import HideHiddenTests

    test = nbformat.v4.new_code_cell("grading.check(x)\n### BEGIN HIDDEN TESTS\n"
                                     "grading.check(secret_case)\n### END HIDDEN TESTS")
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "grade_id": "test", "points": 1, "schema_version": 3}
    printed = nbformat.v4.new_code_cell("print(stolen)")
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                              text="grading.check(secret_case)\n")]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(imports), test,
                                               printed])
    notebook, _ = HideHiddenTests().preprocess(notebook, {})
    assert notebook.cells[1].source == "grading.check(x)"
    assert notebook.cells[2].outputs[0].text == replacement + "\n"
