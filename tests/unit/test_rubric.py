from __future__ import annotations

import pytest
import yaml

from interview_platform.evaluation.rubric import COMPETENCY_IDS, load_rubric, parse_rubric
from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel


def _raw() -> dict:
    from importlib import resources

    text = (
        resources.files("interview_platform.evaluation.data")
        .joinpath("rubric_v1.yaml")
        .read_text(encoding="utf-8")
    )
    return yaml.safe_load(text)


def test_packaged_rubric_is_versioned_and_complete() -> None:
    rubric = load_rubric()
    assert rubric.version == "2026.1"
    assert rubric.ids() == list(COMPETENCY_IDS)
    assert abs(sum(c.weight for c in rubric.competencies) - 1.0) < 1e-9
    for competency in rubric.competencies:
        assert sorted(competency.anchors) == [1, 2, 3, 4, 5]
        assert set(competency.expectations) == {lv.value for lv in ExperienceLevel}
        assert competency.resources


def test_hiring_bar_is_higher_for_staff_than_junior() -> None:
    rubric = load_rubric()
    assert rubric.hiring_signal(ExperienceLevel.JUNIOR, 66) == "hire"
    assert rubric.hiring_signal(ExperienceLevel.STAFF, 66) == "lean no hire"
    assert rubric.hiring_signal(ExperienceLevel.SENIOR, 95) == "strong hire"
    assert rubric.hiring_signal(ExperienceLevel.SENIOR, 0) == "no hire"


def test_missing_anchor_is_rejected_naming_the_field() -> None:
    data = _raw()
    del data["competencies"][2]["anchors"][4]
    with pytest.raises(ValidationError, match=r"competencies\.2\.anchors"):
        parse_rubric(data)


def test_weights_must_sum_to_one() -> None:
    data = _raw()
    data["competencies"][0]["weight"] = 0.5
    with pytest.raises(ValidationError, match=r"weights must add up to 1\.0"):
        parse_rubric(data)


def test_missing_level_thresholds_are_rejected() -> None:
    data = _raw()
    del data["hiring_thresholds"]["staff"]
    with pytest.raises(ValidationError, match="hiring_thresholds"):
        parse_rubric(data)


def test_missing_level_expectation_is_rejected() -> None:
    data = _raw()
    del data["competencies"][0]["expectations"]["staff"]
    with pytest.raises(ValidationError, match=r"expectations"):
        parse_rubric(data)


def test_malformed_yaml_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="not valid YAML"):
        load_rubric("version: [unclosed")


def test_unknown_competency_lookup_names_known_ids() -> None:
    with pytest.raises(ValidationError, match="requirements"):
        load_rubric().competency("vibes")
