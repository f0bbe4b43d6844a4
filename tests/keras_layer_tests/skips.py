"""The Keras layer tests that are not run on kerasedu, each with the reason.

Keys are ``<module under keras/src/layers>::<class>::<test>`` patterns (fnmatch; parameterized
tests add a suffix to the test name, so patterns end in ``*`` where they mean every case).
"""

from fnmatch import fnmatchcase

SKIPS = {
}


def reason_to_skip(module, cls, test):
    """The reason a Keras test is skipped, or None when it runs."""
    key = f"{module.removeprefix('keras_wheel_tests.layers.').replace('.', '/')}.py::{cls}::{test}"
    for reason, patterns in SKIPS.items():
        if any(fnmatchcase(key, pattern) for pattern in patterns):
            return reason
    return None
