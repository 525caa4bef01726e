"""Errors the engine raises for input a user can fix; their text is shown to the user as is."""


class AssessmentError(Exception):
    """The assessment cannot start or go on; ``str(error)`` is a one-line reason for the user."""


class PathNotFound(AssessmentError):
    pass


class NotAGitRepository(AssessmentError):
    pass


class RepositoryWithoutCommits(AssessmentError):
    pass


class GitUnavailable(AssessmentError):
    pass


class GitCommandFailed(AssessmentError):
    returncode: int | None = None  # git's exit code, when git ran
    stderr: str = ""  # git's error output


class Cancelled(Exception):
    """Raised inside long work when the caller's cancel check returns True."""
