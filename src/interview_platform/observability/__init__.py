"""Observability: structured JSON logging, the audit-log sink and secret redaction.

Entry point: :func:`interview_platform.observability.logging_manager.configure_logging`.
"""
