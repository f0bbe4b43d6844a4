"""JupyterLab draws Chinese text with Noto Sans SC, served by the Jupyter server itself.

JupyterLab loads one stylesheet of the site's own, ``custom/custom.css``, when
``LabApp.custom_css`` is on, and serves it, and the files beside it, from the ``custom``
folder of each folder in the server's ``static_custom_path`` (the user's Jupyter settings
folder first). This server extension adds ``custom/`` beside this file to that list, after the
user's own: its custom.css names the font (book/_ext/offline_assets.py writes the font's files
into custom/fonts/noto-sans-sc; `make lab` and `make classroom` do it). A user's own
~/.jupyter/custom/custom.css, if they have one, still wins.

A settings folder turns it on in two files: jupyter_server_config.d/chinese_font.json enables
the extension (files in that folder add to the server's extensions rather than replace them),
and jupyter_server_config.py puts this folder on the import path and turns on custom CSS::

    from chinese_font import serve_chinese_font
    serve_chinese_font(c)
"""

from pathlib import Path

CUSTOM = Path(__file__).resolve().parent / "custom"


def serve_chinese_font(c):
    """Turn on JupyterLab's custom CSS in the configuration ``c``."""
    c.LabApp.custom_css = True


def _jupyter_server_extension_points():
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp):
    # JupyterLab's /custom/ handler reads this list on every request.
    folders = serverapp.web_app.settings["static_custom_path"]
    if str(CUSTOM) not in folders:
        folders.insert(1, str(CUSTOM))
