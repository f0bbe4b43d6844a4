"""Which simulated students each end-to-end grading test grades.

Every kind of simulated student (classroom/students/) is graded, and its score asserted
exactly, by one of two pipelines: ``make grade`` in its sandbox (tests/classroom/
test_classroom_class.py) or nbgrader's own autograde (tests/nbgrader/test_students.py). The
sandboxed class takes the right answers written every way, the blank notebook, the debug print
to stderr and the mistakes of :data:`MISTAKES` (those issue 16 reported, and ones like them);
nbgrader alone takes every other kind, plus the plain right answer and the blank notebook of
each problem set, so that each pipeline grades right, blank and wrong work. Grading each kind
once keeps both tests within minutes.
"""

MISTAKES = {
    "ps01_layers": ("no_bias_added", "transposed_kernel", "rank2_shape", "endless_call",
                    "kernel_death"),
    "ps02_shapes": ("same_floors", "count_builds_the_layer"),
    "ps03_custom_layers": ("frozen_bn_trainable_in_call",),
    "ps04_merge": ("dot_normalized_along_last_axis",),
    "ps05_training": ("adam_textbook", "training_past_the_time_limit"),
    "ps06_sequences": ("cell_transposed_kernel", "cell_ignores_state"),
    "ps07_convolution": ("transposed_kernel", "same_computed_as_valid"),
    "ps08_normalization": ("bn_batch_statistics_at_inference", "bn_frozen_still_trains"),
    "ps09_under_the_hood": ("op_no_unbroadcast", "checker_one_sided", "im2col_window_transposed"),
}


def in_the_sandboxed_class(ps, kind):
    """Whether ``make grade``'s sandboxed class grades this kind of student."""
    return (kind.startswith(("full", "stderr", "hostile_")) or kind == "blank"
            or kind in MISTAKES.get(ps, ()))


def by_nbgrader_alone(ps, kind):
    """Whether tests/nbgrader/test_students.py grades this kind of student."""
    return kind in ("full", "blank") or not in_the_sandboxed_class(ps, kind)
