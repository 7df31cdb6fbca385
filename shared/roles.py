"""The roles a token or a user account is issued for (docs/architecture.md#the-access-policy).

Apart from `shared/auth.py`, which stores them, so that the command line can offer them without
loading the database layer: `qadagalau audit` starts in a fraction of a second.
"""

ROLES = ("bailiff-system", "prosecutor", "supervisor", "chamber", "justice", "auditor",
         "admin")
