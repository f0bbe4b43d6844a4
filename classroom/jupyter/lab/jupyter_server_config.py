# The settings `make lab` adds (through JUPYTER_CONFIG_PATH, after the user's own): JupyterLab
# draws Chinese text with the font the server serves (classroom/jupyter/chinese_font.py).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from chinese_font import serve_chinese_font  # noqa: E402

serve_chinese_font(c)  # noqa: F821 (c is the configuration Jupyter gives this file)
