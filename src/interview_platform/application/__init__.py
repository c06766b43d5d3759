"""The application layer: what the pages can do, and what they can show.

A page calls one use case per user action (start, answer, review, end, continue)
and reads what it draws from a read model (history rows, the evaluation view, the
clock). Both are reached through :class:`~interview_platform.application.facade.Platform`,
which the composition root builds; it holds no data store and no file storage, so the
UI cannot bypass this layer. Nothing here imports Streamlit or the UI.

Layers: ``ui`` -> ``application`` -> domain packages (interviewer, evaluation, session,
communication, ...) -> ``database``.
"""
