"""The guided assessment wizard (File › New Assessment…)."""

from app.wizard.wizard import AssessmentWizard

__all__ = ["AssessmentWizard"]
