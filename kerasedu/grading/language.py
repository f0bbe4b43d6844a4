"""The language of the checks' feedback: English, or Simplified Chinese for the Chinese
edition's problem sets.

A Chinese problem set's imports cell calls ``grading.use_language("zh_CN")``; every check run
after it in that kernel writes its messages in Chinese. The choice is kept in the process's
environment (``KERASEDU_FEEDBACK_LANGUAGE``), so that it holds for the whole kernel, whichever
copy of this module a check was imported from.
"""

import os

LANGUAGES = ("en", "zh_CN")
_VARIABLE = "KERASEDU_FEEDBACK_LANGUAGE"


def use_language(language):
    """Write the feedback of the checks that follow in ``language``: 'en' or 'zh_CN'."""
    if language not in LANGUAGES:
        raise ValueError(f"use_language: expected one of {', '.join(map(repr, LANGUAGES))}, "
                         f"received {language!r}.")
    os.environ[_VARIABLE] = language


def current_language():
    """The language checks write their messages in now ('en' unless chosen)."""
    language = os.environ.get(_VARIABLE, "en")
    return language if language in LANGUAGES else "en"
