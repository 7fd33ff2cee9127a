"""AWS STS: importing the package registers every operation.

``roles``: GetCallerIdentity, AssumeRole, GetSessionToken; ``web_identity``:
AssumeRoleWithWebIdentity; ``sessions``: the temporary credentials they issue.
"""

from sandbox.services.sts import roles, web_identity  # noqa: F401
from sandbox.services.sts.sessions import issue_session

__all__ = ["issue_session"]
