"""The advice's one sentence on AI adoption, where DORA gives the reason.

DORA, "State of AI-assisted Software Development" (2025): AI is an amplifier, magnifying an
organisation's strengths and its dysfunctions; of the seven capabilities of the DORA AI
Capabilities Model, working in small batches and strong version control practices are the
ones that let a team absorb a higher volume of AI-generated change (small, reversible,
reviewable commits). So the advice names those two when they are measured, and nothing else:
the AI-adoption readiness never changes the AI-readiness score or a verdict.
"""

from __future__ import annotations

from analysis.ai_adoption.results import AIAdoption

#: below this DORA-scale score a capability is read as missing
WEAK = 5.0


def ai_adoption_notes(adoption: AIAdoption | None) -> list[str]:
    if adoption is None:
        return []
    batches = adoption.capability("small_batches")
    control = adoption.capability("version_control")
    measured = [c for c in (batches, control) if c is not None and c.score is not None]
    if not measured:
        return []
    weak = [c for c in measured if c.score is not None and c.score < WEAK]
    scores = ", ".join(f"{c.name.lower()} {c.score:g}/10" for c in measured)
    if weak:
        return [
            f"AI adoption: {scores}. DORA (2025) finds that AI amplifies what is there; small "
            "batches and strong version control are what let a team absorb AI-generated change, "
            f"so improve {' and '.join(c.name.lower() for c in weak)} before scaling AI "
            "coding assistants."
        ]
    return [
        f"AI adoption: {scores}: the practices that let a team absorb AI-generated change "
        "are in place (DORA 2025)."
    ]
