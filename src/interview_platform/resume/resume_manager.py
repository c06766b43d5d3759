"""Resume upload, parsing and storage for candidates.

``parse_upload`` validates the bytes by content, extracts the text and parses
it, reporting progress through an optional callback (the UI draws a bar from
it). With ``use_llm`` the LLM parser is tried first; when it is unavailable or
fails, the offline parser answers and the result says so
(``parser="offline (fallback)"``). Resumes are stored per candidate; an edit is
saved as a new version, and the newest version is the one offered next time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from interview_platform.config import UploadSettings
from interview_platform.database.ports import CandidateRepository
from interview_platform.exceptions import AIProviderError, ValidationError
from interview_platform.models import Resume, ResumeData
from interview_platform.resume.extract import extract_text, normalize_text
from interview_platform.resume.file_checks import decode_text, validate_upload
from interview_platform.resume.limits import MAX_RESUME_CHARS, cap_resume
from interview_platform.resume.llm_parser import LLMResumeParser
from interview_platform.resume.offline_parser import OfflineResumeParser

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
FALLBACK_PARSER = "offline (fallback)"
_MIN_TEXT_CHARS = 30
_MAX_FILENAME = 200


def _no_progress(fraction: float, label: str) -> None:
    """Progress sink used when the caller does not want progress."""


class ResumeManager:
    """Validates, parses and stores resumes.

    Args:
        candidates: Where resumes are kept (per candidate).
        uploads: Size and page limits.
        offline_parser: The parser that always works.
        llm_parser_factory: Returns an LLM parser, or None when no model is configured.
    """

    def __init__(
        self,
        candidates: CandidateRepository,
        uploads: UploadSettings,
        offline_parser: OfflineResumeParser,
        llm_parser_factory: Callable[[], LLMResumeParser | None] | None = None,
    ) -> None:
        self._candidates = candidates
        self._uploads = uploads
        self._offline = offline_parser
        self._llm_factory = llm_parser_factory

    def read_upload(self, filename: str, data: bytes, progress: Progress | None = None) -> str:
        """Validate an upload and return its normalised text.

        Raises:
            ValidationError: The file is empty, too large, not a PDF or text file,
                or an unreadable PDF; the message says what to do.
        """
        report = progress or _no_progress
        report(0.05, "Checking the file…")
        fmt = validate_upload(filename, data, self._uploads.max_resume_mb)
        report(0.2, "Extracting text…")
        if fmt == "pdf":
            return extract_text(data, self._uploads.max_resume_pages)
        decoded = decode_text(data)
        text = normalize_text(decoded or "")
        if sum(1 for ch in text if ch.isalnum()) < _MIN_TEXT_CHARS:
            raise ValidationError(
                "The file has almost no text in it. Upload your full resume, or paste it."
            )
        return text

    def parse_text(
        self, text: str, use_llm: bool = False, progress: Progress | None = None
    ) -> ResumeData:
        """Parse resume text (pasted, or extracted from a file).

        Args:
            text: The resume text.
            use_llm: Try the LLM parser first (falls back to offline on failure).
            progress: Optional ``(fraction, label)`` callback.

        Returns:
            The parsed resume. Only the first :data:`MAX_RESUME_CHARS` characters are
            read (``raw_text`` is that part; ``truncation_notice`` says so).
        """
        report = progress or _no_progress
        normalized = normalize_text(text)
        if not normalized:
            raise ValidationError("The resume text is empty. Paste or upload your resume.")
        text = cap_resume(normalized)
        if len(text) < len(normalized):
            report(0.3, f"Only the first {MAX_RESUME_CHARS:,} characters are read…")
        parser = self._llm_factory() if use_llm and self._llm_factory is not None else None
        if parser is not None:
            report(0.4, "Reading your resume with the AI model…")
            try:
                result = parser.parse(text)
            except AIProviderError as exc:
                logger.warning("LLM resume parsing failed (%s); using offline parser", exc.kind)
            else:
                report(1.0, "Done")
                return result
        report(0.6, "Parsing your resume…")
        result = self._offline.parse(text)
        if use_llm:
            result = replace(result, parser=FALLBACK_PARSER)
        report(1.0, "Done")
        return result

    def parse_upload(
        self,
        filename: str,
        data: bytes,
        use_llm: bool = False,
        progress: Progress | None = None,
    ) -> ResumeData:
        """Validate, extract and parse an uploaded resume.

        Args:
            filename: The name the browser sent (a hint only; content decides).
            data: The uploaded bytes.
            use_llm: Try the LLM parser first (falls back to offline on failure).
            progress: Optional ``(fraction, label)`` callback, called at each stage.

        Returns:
            The parsed resume; ``parser`` names the parser that produced it.

        Raises:
            ValidationError: The upload was refused; the message says why.
        """
        text = self.read_upload(filename, data, progress)
        return self.parse_text(text, use_llm=use_llm, progress=progress)

    def save(self, candidate_id: str, filename: str, data: ResumeData) -> Resume:
        """Store a parsed (possibly edited) resume as the candidate's newest version."""
        name = (filename or "resume").strip()[:_MAX_FILENAME] or "resume"
        return self._candidates.save_resume(candidate_id, name, data)

    def update(self, resume: Resume, edited: ResumeData) -> Resume:
        """Save corrections to a resume as a new version (the raw text is kept)."""
        if not edited.raw_text:
            edited = replace(edited, raw_text=resume.data.raw_text)
        return self.save(resume.candidate_id, resume.filename, edited)

    def latest(self, candidate_id: str) -> Resume | None:
        """Return the candidate's newest resume, offered again for the next interview."""
        return self._candidates.get_latest_resume(candidate_id)

    def get(self, resume_id: str) -> Resume | None:
        """Return a stored resume by id."""
        return self._candidates.get_resume(resume_id)
