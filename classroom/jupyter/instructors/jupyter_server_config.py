# Run by every server that loads this settings folder, as its user, when it starts: link the
# class's warmed kernel cache into the user's own (classroom/jupyter/shared_cache_links.py), so
# that their kernels compile nothing; and serve the font that draws Chinese text in JupyterLab
# (classroom/jupyter/chinese_font.py).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from chinese_font import serve_chinese_font  # noqa: E402
from shared_cache_links import link_shared_cache  # noqa: E402

link_shared_cache()
serve_chinese_font(c)  # noqa: F821 (c is the configuration Jupyter gives this file)
