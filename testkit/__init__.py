"""Test support shared by the tests and the benchmarks (``bench/``).

Everything here is importable code, never a test: scripted candidates
(:mod:`testkit.simulated_candidates`), synthetic speech (:mod:`testkit.speech`),
the provider wire-protocol stub servers (:mod:`testkit.stubs`), the real app
under ``streamlit run`` and Chromium flags (:mod:`testkit.streamlit_app`),
browser helpers for the media tests (:mod:`testkit.browser_media`) and builders
of test data (:mod:`testkit.resumes`, :mod:`testkit.scripted_chat`,
:mod:`testkit.tailored_problems`, :mod:`testkit.video`).

The rules that keep the layout walkable: a test module is never imported (shared
code lives here), a ``conftest.py`` holds fixtures only and is never imported, and
``bench/`` imports this package, never ``tests``. ``tests/unit/test_test_layout.py``
checks them. The repository root must be on ``sys.path``: pytest puts it there
(``pythonpath`` in ``pyproject.toml``) and every bench script inserts it.
"""
