"""DORA's AI Capabilities survey: the questions a team answers for the capabilities git cannot
see, and how an answer scores on DORA's 0-10 scale.

The questions and answer buckets are DORA's own (``resources/data/dora-ai-capabilities.json``,
the DORA AI Capabilities Model survey, 2025, Apache 2.0). A question's answers are ordered from
least to most of the capability; an answer at position ``i`` (1-based) of ``n`` scale answers
scores ``(i - 1) / (n - 1) x 10``, the Quick Check's rule for its answer buckets
(``(answer - 1) / 5 x 10`` for six buckets). "I don't know" and "Not applicable" answers are not
scored. One question is reversed (data siloed: "Never" is best) and two are not a scale (AI use
mandatory; which training) and are left out.

Keys are stable: ``<capability id>_<n>``, ``n`` the question's position in DORA's list.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from statistics import mean
from typing import Any

from resources import resource_path

SOURCE = "DORA AI Capabilities Model survey (2025), dora.dev, Apache 2.0"

#: capability id -> DORA's subheading in the survey
ANSWERED_CAPABILITIES: dict[str, str] = {
    "clear_ai_stance": "Clear and communicated AI stance",
    "healthy_data_ecosystems": "Healthy data ecosystems",
    "ai_accessible_internal_data": "AI-accessible internal data",
    "user_centric_focus": "User-centric focus",
    "quality_internal_platform": "Quality internal platform",
}
#: (capability, position) of questions that are not a scale from less to more of it
_NOT_A_SCALE = {
    ("clear_ai_stance", 3),
    ("clear_ai_stance", 4),
    ("quality_internal_platform", 1),  # whether a platform was used, not how good it is
    ("quality_internal_platform", 13),  # whether there is a platform team
}
#: (capability, position) of questions whose first answer is the best one
_REVERSED = {("healthy_data_ecosystems", 3)}
_NOT_SCORED = ("i don't know", "not applicable")


@dataclass(frozen=True)
class Question:
    key: str
    capability: str
    text: str
    answers: tuple[str, ...]  # every answer, DORA's order
    scale: tuple[str, ...]  # the scored answers, least to most of the capability
    reversed: bool = False
    context: str = ""  # the group's lead-in ("To what extent do you agree ..."), if any

    def score(self, answer: str | int) -> float | None:
        """0-10 for an answer given as its text or its 1-based position; None when it is an
        "I don't know" answer; ValueError when it is not one of the answers."""
        text = self.answer_text(answer)
        if text not in self.scale:
            return None
        position = self.scale.index(text)
        if self.reversed:
            position = len(self.scale) - 1 - position
        return round(position / (len(self.scale) - 1) * 10, 2)

    def answer_text(self, answer: str | int) -> str:
        if isinstance(answer, bool):
            raise ValueError(f"{self.key}: expected an answer, got {answer!r}")
        if isinstance(answer, int):
            if not 1 <= answer <= len(self.answers):
                raise ValueError(f"{self.key}: answer {answer} is not 1 to {len(self.answers)}")
            return self.answers[answer - 1]
        if isinstance(answer, str):
            for known in self.answers:
                if known.casefold() == answer.strip().casefold():
                    return known
        raise ValueError(f"{self.key}: {answer!r} is not one of: {', '.join(self.answers)}")


def _group_questions(group: Mapping[str, Any]) -> list[tuple[str, tuple[str, ...], str]]:
    found: list[tuple[str, tuple[str, ...], str]] = []
    for line in group.get("questions", []):
        text, _, answers = line.partition("|")
        if answers:
            found.append((text, tuple(a.strip() for a in answers.split(",")), ""))
    for sub in group.get("question_groups", []):
        responses = sub.get("group_responses")
        for line in sub.get("questions", []):
            text, _, answers = line.partition("|")
            if answers:
                found.append((text, tuple(a.strip() for a in answers.split(",")), ""))
            elif responses:
                lead_in = sub.get("description", "")
                found.append((text, tuple(a.strip() for a in responses.split(",")), lead_in))
    return found


@cache
def questions() -> tuple[Question, ...]:
    """The scored questions of the answered capabilities, in DORA's order."""
    data = json.loads(resource_path("data/dora-ai-capabilities.json").read_text("utf-8"))
    groups = {
        group["subheading"]: group
        for category in data["categories"]
        if category.get("heading") == "AI capabilities"
        for group in category["question_groups"]
    }
    found: list[Question] = []
    for capability, heading in ANSWERED_CAPABILITIES.items():
        for position, (text, answers, lead_in) in enumerate(_group_questions(groups[heading]), 1):
            if (capability, position) in _NOT_A_SCALE:
                continue
            scale = tuple(a for a in answers if not a.casefold().startswith(_NOT_SCORED))
            if len(scale) < 3:  # yes/no and "which platform" questions are not a scale
                continue
            found.append(
                Question(
                    f"{capability}_{position}",
                    capability,
                    text,
                    answers,
                    scale,
                    (capability, position) in _REVERSED,
                    lead_in,
                )
            )
    return tuple(found)


def question(key: str) -> Question:
    for known in questions():
        if known.key == key:
            return known
    raise KeyError(key)


def question_keys() -> tuple[str, ...]:
    return tuple(q.key for q in questions())


def answer_problems(answers: Mapping[str, Any]) -> list[str]:
    """What is wrong with a team's answers (unknown keys, answers not in DORA's list)."""
    found = []
    keys = set(question_keys())
    for key, answer in answers.items():
        if key not in keys:
            found.append(f"ai_capabilities: unknown question {key!r}")
            continue
        try:
            question(key).answer_text(answer)
        except ValueError as exc:
            found.append(f"ai_capabilities: {exc}")
    return found


def capability_score(capability: str, answers: Mapping[str, Any]) -> tuple[float | None, int]:
    """Mean score of the capability's answered questions, and how many were scored."""
    scores = []
    for known in questions():
        if known.capability != capability or known.key not in answers:
            continue
        try:
            value = known.score(answers[known.key])
        except ValueError:
            continue
        if value is not None:
            scores.append(value)
    return (round(mean(scores), 1) if scores else None), len(scores)
