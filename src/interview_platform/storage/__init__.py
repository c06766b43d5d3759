"""Local file storage of session media (one folder per session id).

Entry point: :class:`interview_platform.storage.file_storage.FileStorage`.
"""
