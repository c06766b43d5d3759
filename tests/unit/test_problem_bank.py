"""The problem bank: shipped content, strict validation, recommendation and matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel
from interview_platform.problems.bank import (
    COMPETENCIES,
    PHASES,
    ProblemBank,
)

ALL_KINDS = {
    "client", "dns", "cdn", "load_balancer", "api_gateway", "service", "worker", "cache",
    "database", "queue", "stream_processor", "object_storage", "search_index", "rate_limiter",
    "notification", "monitoring", "auth", "ml_model", "external", "unknown",
}  # fmt: skip
REQUIRED_IDS = {
    "url-shortener", "news-feed", "chat-messaging", "rate-limiter", "notification-service",
    "video-streaming", "ride-hailing", "payment-system", "search-autocomplete",
    "distributed-key-value-store", "metrics-monitoring", "recommendation-system",
    "e-commerce-checkout", "file-storage-sync", "web-crawler", "ticket-booking",
    "collaborative-editor", "ad-click-aggregation", "distributed-job-scheduler",
    "hotel-reservation", "proximity-service", "distributed-cache",
}  # fmt: skip


@pytest.fixture(scope="module")
def bank() -> ProblemBank:
    return ProblemBank.load_default()


def test_default_bank_has_many_problems_over_many_domains(bank: ProblemBank) -> None:
    assert len(bank.all()) >= 20
    assert len(bank.domains()) >= 8
    assert {p.id for p in bank.all()} >= REQUIRED_IDS
    assert len({p.id for p in bank.all()}) == len(bank.all())


def test_every_problem_covers_all_competencies_and_phases(bank: ProblemBank) -> None:
    for problem in bank.all():
        competencies = {c.competency for c in problem.concepts}
        phases = {c.phase for c in problem.concepts}
        assert competencies == set(COMPETENCIES), problem.id
        assert set(PHASES) - {"wrap_up"} <= phases, problem.id
        assert 10 <= len(problem.concepts) <= 16, problem.id


def test_concepts_are_usable_by_the_interviewer(bank: ProblemBank) -> None:
    for problem in bank.all():
        assert len({c.id for c in problem.concepts}) == len(problem.concepts), problem.id
        for concept in problem.concepts:
            where = f"{problem.id}/{concept.id}"
            assert 4 <= len(concept.keywords) <= 10, where
            assert all(k and k == k.lower().strip() for k in concept.keywords), where
            assert concept.question.endswith("?"), where
            assert 2 <= len(concept.hints) <= 3, where
            assert concept.weight > 0, where


def test_problems_carry_complete_content(bank: ProblemBank) -> None:
    for problem in bank.all():
        assert set(problem.level_variants) == {lvl.value for lvl in ExperienceLevel}, problem.id
        assert problem.functional_requirements and problem.non_functional_requirements
        assert len(problem.scale) >= 3, problem.id
        assert set(problem.core_components) <= ALL_KINDS, problem.id
        assert 1 <= len(problem.requirement_changes) <= 2, problem.id
        assert all(c.after_phase in {"high_level_design", "deep_dive"}
                   for c in problem.requirement_changes), problem.id  # fmt: skip
        assert 3 <= len(problem.resources) <= 5, problem.id
        assert not any("http" in r for r in problem.resources), problem.id


def test_statement_for_adds_the_level_scope(bank: ProblemBank) -> None:
    problem = bank.get("url-shortener")
    junior = problem.statement_for(ExperienceLevel.JUNIOR)
    staff = problem.statement_for(ExperienceLevel.STAFF)
    assert junior.startswith(problem.statement) and staff.startswith(problem.statement)
    assert problem.level_variants["staff"] in staff and junior != staff


def test_get_unknown_problem_names_known_ids(bank: ProblemBank) -> None:
    with pytest.raises(ValidationError, match="url-shortener"):
        bank.get("no-such-problem")


GOOD = (Path(__file__).resolve().parents[2] / "src/interview_platform/problems/data/problems"
        / "rate-limiter.yaml").read_text(encoding="utf-8")  # fmt: skip


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_valid_directory_loads(tmp_path: Path) -> None:
    bank = ProblemBank.from_directory(_write(tmp_path, "rate-limiter.yaml", GOOD))
    assert [p.id for p in bank.all()] == ["rate-limiter"]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("competency: reliability", "competency: resilience", "competency"),
        ("phase: estimation", "phase: sizing", "phase"),
        ("core_components: [", "core_components: [mainframe, ", "core_components"),
        ("title:", "titel:", "titel"),
        ("\nstatement:", "\nstatment:", "statement"),
    ],
)
def test_bad_file_is_rejected_naming_file_and_field(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    assert old in GOOD
    _write(tmp_path, "rate-limiter.yaml", GOOD.replace(old, new, 1))
    with pytest.raises(ValidationError) as info:
        ProblemBank.from_directory(tmp_path)
    assert "rate-limiter.yaml" in str(info.value) and field in str(info.value)


def test_duplicate_concept_ids_and_mismatched_ids_are_rejected(tmp_path: Path) -> None:
    _write(tmp_path, "rate-limiter.yaml", GOOD.replace("id: summary", "id: assumptions"))
    with pytest.raises(ValidationError, match="duplicate concept ids: assumptions"):
        ProblemBank.from_directory(tmp_path)
    (tmp_path / "rate-limiter.yaml").unlink()
    _write(tmp_path, "other.yaml", GOOD)
    with pytest.raises(ValidationError, match=r"other\.yaml.*'id'"):
        ProblemBank.from_directory(tmp_path)


def test_uppercase_keyword_and_missing_question_mark_are_rejected(tmp_path: Path) -> None:
    for old, new in (("keywords: [", "keywords: [Redis, "), ("which rules?", "which rules.")):
        _write(tmp_path, "rate-limiter.yaml", GOOD.replace(old, new, 1))
        with pytest.raises(ValidationError, match=r"rate-limiter\.yaml.*concepts"):
            ProblemBank.from_directory(tmp_path)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    _write(tmp_path, "rate-limiter.yaml", GOOD + "\n  : [unclosed\n")
    with pytest.raises(ValidationError, match=r"rate-limiter\.yaml"):
        ProblemBank.from_directory(tmp_path)


def test_recommend_follows_the_candidates_domain(bank: ProblemBank) -> None:
    for domain in ("payments", "Media Streaming", "ML_SYSTEMS", "maps"):
        chosen = bank.recommend(ExperienceLevel.SENIOR, [domain])
        wanted = domain.lower().replace(" ", "-").replace("_", "-")
        assert wanted in {chosen.domain, *chosen.tags}, (domain, chosen.id)


def test_recommend_follows_the_level(bank: ProblemBank) -> None:
    junior = bank.recommend(ExperienceLevel.JUNIOR)
    staff = bank.recommend(ExperienceLevel.STAFF)
    assert ExperienceLevel.JUNIOR in junior.levels
    assert ExperienceLevel.STAFF in staff.levels and ExperienceLevel.JUNIOR not in staff.levels


def test_recommend_targets_the_weakest_competency(bank: ProblemBank) -> None:
    for competency in ("estimation", "reliability"):
        chosen = bank.recommend(ExperienceLevel.SENIOR, weakest_competency=competency)
        weights = sorted(
            sum(c.weight for c in p.concepts_for_competency(competency)) for p in bank.all()
        )
        mine = sum(c.weight for c in chosen.concepts_for_competency(competency))
        assert mine >= weights[len(weights) // 2], (competency, chosen.id)


def test_recommend_is_deterministic_and_honours_exclude(bank: ProblemBank) -> None:
    first = bank.recommend(ExperienceLevel.MID, ["e-commerce"], "tradeoffs")
    assert bank.recommend(ExperienceLevel.MID, ["e-commerce"], "tradeoffs") == first
    second = bank.recommend(ExperienceLevel.MID, ["e-commerce"], "tradeoffs", exclude=[first.id])
    assert second.id != first.id
    everything = [p.id for p in bank.all()]
    assert bank.recommend(ExperienceLevel.MID, exclude=everything).id in everything


def test_recommend_rejects_an_unknown_competency(bank: ProblemBank) -> None:
    with pytest.raises(ValidationError, match="competency"):
        bank.recommend(ExperienceLevel.MID, weakest_competency="charisma")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Design a URL shortener like bit.ly", "url-shortener"),
        ("Design WhatsApp: one-to-one and group chat", "chat-messaging"),
        ("How would you build Uber?", "ride-hailing"),
        ("Design Google Docs with real-time collaborative editing", "collaborative-editor"),
        ("Design Dropbox", "file-storage-sync"),
        ("Design Airbnb", "hotel-reservation"),
        ("Design a food delivery app like DoorDash", "ride-hailing"),
    ],
)
def test_closest_finds_the_matching_problem_first(
    bank: ProblemBank, text: str, expected: str
) -> None:
    assert bank.closest(text)[0].id == expected


def test_closest_is_limited_and_empty_for_unrelated_text(bank: ProblemBank) -> None:
    assert len(bank.closest("Design a news feed and a chat", n=2)) == 2
    assert bank.closest("zzz qqq") == []
    assert bank.closest("Design a parking lot") == []  # shared rubric words alone do not count


def test_custom_problem_gets_the_general_guide_and_its_own_core(bank: ProblemBank) -> None:
    text = "Design Pastebin: users paste text and share a short link to it."
    custom = bank.custom_problem(text)
    assert custom.id == "custom" and custom.statement == text
    assert custom.title.startswith("Pastebin")
    ids = [c.id for c in custom.concepts]
    assert len(ids) == len(set(ids))
    assert "key_generation" not in ids  # never another problem's rubric
    core = next(c for c in custom.concepts if c.id == "core_feature")
    assert {"pastebin", "paste", "text", "share", "short", "link"} >= set(core.keywords)
    assert core.question.count("?") == 1 and "pastebin" in core.question.lower()
    assert {c.competency for c in custom.concepts} == set(COMPETENCIES)
    assert {"load_balancer", "database"} <= set(custom.core_components)


def test_a_free_text_problem_never_carries_another_problems_facts(bank: ProblemBank) -> None:
    custom = bank.custom_problem("Design a real-time global leaderboard for a mobile game.")
    editor = bank.get("collaborative-editor")
    said = " ".join(
        [*(c.question for c in custom.concepts), *(h for c in custom.concepts for h in c.hints),
         *custom.scale.values(), *custom.deep_dive_topics, *custom.resources]
    ).lower()  # fmt: skip
    for fact in [*editor.scale.values(), *editor.deep_dive_topics]:
        assert fact.lower() not in said, fact
    assert "editor" not in said and "crdt" not in said


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Design an API rate limiter.", "API rate limiter"),
        ("design the Airbnb search page", "Airbnb search page"),
        ("Build a pastebin. Users paste text.", "Build a pastebin"),
    ],
)
def test_custom_problem_title_comes_from_the_first_sentence(
    bank: ProblemBank, text: str, title: str
) -> None:
    assert bank.custom_problem(text).title == title


def test_custom_problem_for_unrelated_text_uses_the_general_rubric(bank: ProblemBank) -> None:
    custom = bank.custom_problem("Design a zzz qqq")
    assert {c.competency for c in custom.concepts} == set(COMPETENCIES)
    assert custom.requirement_changes and custom.core_components
    with pytest.raises(ValidationError):
        bank.custom_problem("   ")
