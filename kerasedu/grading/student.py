"""Running a student's code inside a check.

Every call into the student's code goes through :func:`run`, which turns an exception into a
:class:`GradingError` that says which function raised what, converts the result to plain data
(so that nothing of the student's runs later, inside the comparison), and then verifies that the
student's code replaced nothing the check relies on (:func:`integrity.verify`, bound as a default
argument, or held in a closure, where no cell can reassign it). A check can then trust everything it computes after ``run`` returns.

:func:`check` turns a check into what a test cell calls: it verifies when the check starts and
ends, returns None (nbgrader would read a number as partial credit), leaves only the student's
own frames in the traceback, and catches what the student's code prints to stderr meanwhile.
nbgrader scores a test cell 0 when anything appears on its stderr, so a debug print left in a
correct function would silently cost every test that calls it; instead the check shows it, on
stdout when the check passes and in the message when it fails.
"""

import functools
import io
import sys

from .common import GradingError, arguments_text
from .integrity import TamperingError, verify
from .language import tr

_STDERR_LIMIT = 2000


class NotWritten(GradingError):
    """The student's function still raises NotImplementedError."""


def run(function, *args, what, convert=None, not_written=None, hint="", _verify=verify,
        **kwargs):
    """``convert(function(*args, **kwargs))`` (the result itself without ``convert``), then
    verify. An exception becomes GradingError("{what} raised {type}: {message}. {hint}"); a
    NotImplementedError becomes ``not_written`` when given."""
    __tracebackhide__ = True
    try:
        result = function(*args, **kwargs)
        if convert is not None:
            result = convert(result)
    except GradingError:
        _verify()
        raise
    except NotImplementedError as error:
        text = not_written or _raised(what, error, hint)
        _verify()
        raise (NotWritten if not_written else GradingError)(text) from (
            None if not_written else error)
    except Exception as error:
        text = _raised(what, error, hint)
        _verify()
        raise GradingError(text) from error
    _verify()
    return result


def _raised(what, error, hint):
    text = tr("{what} raised {error_type}: {error}", what=what, error_type=type(error).__name__,
              error=error)
    return tr("{text}. {hint}", text=text.rstrip("."), hint=hint) if hint else text


def make(cls, args=(), kwargs=None, what=None):
    """An instance of the student's class ``cls(*args, **kwargs)``."""
    __tracebackhide__ = True
    text = tr("Creating {name}({arguments})", name=what or cls.__name__,
              arguments=arguments_text(args, kwargs))
    return run(cls, *args, what=tr("{text} (in __init__)", text=text), **dict(kwargs or {}))


class _CaughtStderr(io.StringIO):
    """Where sys.stderr points while a check runs."""


_CHECKED = {}


def check(function):
    """``function`` as a test cell calls it (see the module docstring); the same object each
    time for the same function, so that reloading kerasedu.grading changes nothing."""
    if function in _CHECKED:
        return _CHECKED[function]
    _verify = verify   # held in the closure: nothing a cell can reassign

    @functools.wraps(function)
    def checked(*args, **kwargs):
        __tracebackhide__ = True
        _verify()
        caught, saved = _CaughtStderr(), sys.stderr
        sys.stderr = caught
        failure = None
        try:
            function(*args, **kwargs)
        except TamperingError as error:
            raise error.with_traceback(None) from None
        except GradingError as error:
            failure = error
        finally:
            sys.stderr = saved
        printed = caught.getvalue()
        _verify()
        if failure is None:
            if printed:
                print(tr("Your code printed this to stderr while the check ran:\n{shortened}",
                         shortened=_shortened(printed)))
            return None
        cause = failure.__cause__
        if printed:
            failure = type(failure)(tr("{failure_message}\nYour code printed this to stderr "
                                       "while the check ran:\n{shortened}",
                                       failure_message=failure.message,
                                       shortened=_shortened(printed)))
        raise failure.with_traceback(None) from cause
    _CHECKED[function] = checked
    return checked


def _shortened(text):
    text = text.rstrip("\n")
    if len(text) > _STDERR_LIMIT:
        text = text[:_STDERR_LIMIT] + tr("\n... ({more} more characters)",
                                         more=len(text) - _STDERR_LIMIT)
    return "\n".join("  " + line for line in text.splitlines())
