"""What the rules need to know of the system's policy (docs/rules.md#policy-settings): the choices
where the law is silent or still a proposal. The legal core reads them through `Terms`, a
protocol, so it imports no settings: `shared.settings.Policy` (read from the environment) is
one implementation, and a test or a tool may pass any other."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class LicenceWindow(StrEnum):
    CALENDAR = "calendar"
    ROLLING_365 = "rolling-365"


class SanctionAuthority(StrEnum):
    PROSECUTOR = "prosecutor"
    COURT = "court"


class SuspensionPolicy(StrEnum):
    """How a suspension of the proceeding acts on the completion term (Law Art. 44;
    docs/rules.md#completion_term)."""

    EXTEND = "extend"  # the suspended days extend the term (the default policy)
    IGNORE = "ignore"  # suspensions do not change the term (the strictest reading)


DEFAULT_SANCTION_CATALOGUE: dict[str, SanctionAuthority] = {
    "arrest_bank_funds": SanctionAuthority.PROSECUTOR,
    "arrest_real_estate": SanctionAuthority.PROSECUTOR,
    "withdraw_title_documents": SanctionAuthority.PROSECUTOR,
    "restrict_exit": SanctionAuthority.COURT,
    "compulsory_bringing": SanctionAuthority.COURT,
}


# The acts of prosecutorial supervision brought against the bailiff (Constitutional Law "On the
# Prosecutor's Office"; docs/rules.md#licence_threshold): what the threshold counts by default.
# A sanction is not brought against the bailiff; disciplinary demands and transfer requests are
# no acts of supervision; the acts of response (petition, claim, appeal, warning) are not
# brought against the bailiff either.
DEFAULT_LICENCE_ACT_KINDS = ("protest", "representation", "prosecutor_decree", "instruction")


# The acts a prosecutor issues from the pages: the acts of supervision (protest,
# representation, decree, instruction; a sanction is given in the sanctions queue) and of
# response (petition, claim, appeal, warning) the law names. Disciplinary demands and transfer
# requests are still accepted from other systems, but not issued here.
ISSUED_ACT_KINDS = ("protest", "representation", "prosecutor_decree", "instruction",
                    "petition", "claim", "appeal", "warning")


class Terms(Protocol):
    """The policy values the rules read."""

    @property
    def licence_threshold(self) -> int: ...
    @property
    def licence_window(self) -> LicenceWindow: ...
    @property
    def licence_private_only(self) -> bool: ...
    @property
    def licence_act_kinds(self) -> tuple[str, ...]: ...
    @property
    def sanction_catalogue(self) -> dict[str, SanctionAuthority]: ...
    @property
    def suspension_policy(self) -> SuspensionPolicy: ...
    @property
    def opening_term_working_days(self) -> int: ...
    @property
    def completion_term_months(self) -> int: ...
    @property
    def completion_term_hard_months(self) -> int: ...
    @property
    def valuation_term_working_days(self) -> int: ...
    @property
    def protest_response_days(self) -> int: ...
    @property
    def representation_response_days(self) -> int: ...
    @property
    def sanction_decision_working_days(self) -> int: ...
    @property
    def appeal_working_days(self) -> int: ...
    @property
    def appeal_extension_months(self) -> int: ...
    @property
    def appeal_notice_working_days(self) -> int: ...
    @property
    def appeal_after_inspection_working_days(self) -> int: ...

    def prosecutor_sanctioned(self, decree_kind: str) -> bool: ...
