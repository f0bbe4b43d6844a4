"""The Simplified Chinese (zh_CN) catalog of kerasedu.grading's messages.

Each module here translates the messages of the module of kerasedu.grading with the same name
(``common`` also covers ``student`` and ``weights``, and ``integrity`` covers
``kernel_watch``): its ``MESSAGES`` maps an English template, exactly as the code writes it, to
its Chinese template, with the same named placeholders. Code names, shapes and numbers stay as
they are; Chinese sentences take full-width punctuation.
"""

from . import common, integrity, layer_checks, shape_checks

CATALOG = {}
for _module in (common, integrity, layer_checks, shape_checks):
    CATALOG.update(_module.MESSAGES)
