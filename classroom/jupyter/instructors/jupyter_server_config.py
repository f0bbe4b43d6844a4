# Run by every server that loads this settings folder, as its user, when it starts: link the
# class's warmed kernel cache into the user's own (classroom/jupyter/kernel_cache.py), so
# that their kernels compile nothing.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from kernel_cache import link_shared_cache  # noqa: E402

link_shared_cache()
