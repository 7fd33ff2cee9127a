"""The error types every layer raises: an AWS-shaped error with a code and a message, and
the sandbox's own trouble (a damaged world file), which is never dressed up as AWS's."""

from __future__ import annotations


class AwsError(Exception):
    """An error as an AWS service returns it: ``code`` (e.g. ``NoSuchEntity``) and ``message``.

    ``status`` is the HTTP status AWS would send; ``sender_fault`` is False for the rare
    errors AWS blames on itself.
    """

    def __init__(self, code: str, message: str, status: int = 400, sender_fault: bool = True):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender_fault = sender_fault

    def __reduce__(self):
        return (AwsError, (self.code, self.message, self.status, self.sender_fault))

    def cli_message(self, operation: str) -> str:
        """The AWS CLI's rendering: ``An error occurred (CODE) when calling the Op operation: MSG``."""
        return f"An error occurred ({self.code}) when calling the {operation} operation: {self.message}"


class SandboxError(Exception):
    """Trouble with the sandbox itself, not an AWS error: its world file is damaged, a snapshot
    is missing. ``message`` is for the learner as it is (what happened and how to recover);
    front ends print it, never as an AWS error or as a bug in the sandbox."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def error_text(exc: Exception) -> str:
    """One line for a front end: ``CODE: message`` for AWS errors, the message otherwise."""
    if isinstance(exc, AwsError):
        return f"{exc.code}: {exc.message}"
    return getattr(exc, "message", None) or str(exc)


def os_error_text(exc: OSError) -> str:
    """One line for a failed file operation: the path and the cause (``No space left on
    device``), never more of the exception."""
    cause = exc.strerror or type(exc).__name__
    path = exc.filename if exc.filename is not None else ""
    return f"{path}: {cause}" if path else cause


def bug_text(exc: BaseException) -> str:
    """A one-line description of an unexpected failure, for a bug report: its type and the
    innermost line of the sandbox where it happened. Never its message or the values of
    variables, which may hold world data (password hashes, secret keys)."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        marker = filename.rfind("/sandbox/")
        if marker >= 0:
            where = f" at {filename[marker + 1:]}:{tb.tb_lineno}"
        tb = tb.tb_next
    return f"{type(exc).__name__}{where}"
