"""Streamlit's one-off costs of a process's first page run, paid before it listens.

After :func:`interview_platform.ui.launch.warm_up` the Setup page's first run still
took 0.21-0.26 s against 0.013 s for the next one (``bench/first_run_bench.py``, load
2.5), nearly all of it in two things Streamlit does once per process:

- the first element drawn calls ``env_util.is_repl``, whose ``inspect.stack()`` looks
  up the file of each of the ~5,500 loaded modules (inspect then keeps them cached);
- ``set_page_config(page_icon="🧩")`` imports ``streamlit.emojis`` and compiles its
  emoji pattern.

:func:`warm_streamlit_first_run` does both ahead of time (0.2 s), which brings the
first run to 0.025 s. It is meant to be called at the end of the warm-up.
"""

from __future__ import annotations

import inspect
import logging
import time

log = logging.getLogger("interview_platform.ui.first_run")


def warm_streamlit_first_run(page_icon: str = "🧩") -> float:
    """Do Streamlit's first-run one-offs now; return the seconds they took.

    Never raises: these are internals of Streamlit, and a later version that moved
    them would only make the first page run slower, not break the start.

    Args:
        page_icon: The emoji the app passes to ``st.set_page_config``.
    """
    start = time.perf_counter()
    try:
        inspect.stack()  # fills inspect's module-file cache that is_repl() walks
        from streamlit import string_util

        string_util.is_emoji(page_icon)  # imports streamlit.emojis, compiles its pattern
    except Exception:  # a warm-up only: the first page run does it if this cannot
        log.debug("first-run warm-up skipped", exc_info=True)
    return time.perf_counter() - start
