"""Resume upload, validation, text extraction and parsing.

Modules: ``validation`` (format by content, size), ``extract`` (pypdf text with
guards against hostile files), ``offline_parser`` (rules and vocabularies),
``llm_parser`` (schema-validated model answers, resume passed as delimited data)
and ``resume_manager`` (the service the UI calls; stores resumes per candidate).
"""
