"""The language of the checks' feedback: English, or Simplified Chinese for the Chinese
edition's problem sets.

A Chinese problem set's imports cell calls ``grading.use_language("zh_CN")``; every check run
after it in that kernel writes its messages in Chinese. The choice is kept in the process's
environment (``KERASEDU_FEEDBACK_LANGUAGE``), so that it holds for the whole kernel, whichever
copy of this module a check was imported from (a reload of kerasedu.grading included). Like
any environment variable it is inherited: set when grading starts, it is the default of every
kernel grading runs (classroom's sandbox passes ``KERASEDU_*`` variables on).

Messages follow gettext's model. The code writes each message once, in English, as a template
with named placeholders, and :func:`tr` fills it in::

    tr("{name}.build({shape}) raised {error_type}: {error}", name=..., shape=..., ...)

The English template is the key of a catalog: :data:`CATALOGS` maps a language to a dict from
English templates to that language's templates (``kerasedu.grading.zh_CN``, one module per
module of checks). The look-up happens when the message is made, so ``use_language`` takes
effect at the next check; a template missing from the catalog is written in English.

The catalogs are plain Python dicts rather than gettext ``.po`` files: a ``.po`` file must be
compiled to ``.mo`` before Python's gettext can read it, which would add a build step to
installing kerasedu and a binary file to the repository, while a dict is read as it is written,
sits next to the code it translates, and tests/grading checks it (every template the checks
use has an entry, with the same placeholders).

Text made before the language is known (tables of labels made when a module is imported, and
what integrity records when kerasedu.grading is first imported, shown only if a check later
reports tampering) is made with :func:`deferred`: it is filled in, in the language of that
moment, when it is shown.
"""

import os

from .zh_CN import CATALOG as _ZH_CN

LANGUAGES = ("en", "zh_CN")
CATALOGS = {"zh_CN": _ZH_CN}
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


def tr(template, **values):
    """``template`` (an English message with named placeholders) in the current language,
    with ``values`` filled in as str.format does."""
    catalog = CATALOGS.get(current_language(), {})
    return catalog.get(template, template).format(**values)


class Deferred:
    """A message filled in when it is shown (str or format), in the language of that moment."""

    def __init__(self, template, values):
        self.template, self.values = template, values

    def __str__(self):
        return tr(self.template, **self.values)

    def __format__(self, spec):
        return format(str(self), spec)

    def __repr__(self):
        return f"deferred({self.template!r})"


def deferred(template, **values):
    """``tr(template, **values)``, made when it is shown rather than now."""
    return Deferred(template, values)
