"""Settings: every policy value (docs/rules.md#policy-settings) is here, never a constant in
the rules.

Read from the environment (prefix QADAGALAU_) and from a `.env` file, with pydantic-settings so
that a malformed value stops the program with the name of the setting at fault.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.legal.inspections import DEFAULT_WEIGHTS, FACTORS
from shared.legal.policy import (
    DEFAULT_LICENCE_ACT_KINDS,
    DEFAULT_SANCTION_CATALOGUE,
    LicenceWindow,
    SanctionAuthority,
    SuspensionPolicy,
)


class Policy(BaseSettings):
    """The system's documented choices where the law is silent or still a proposal."""

    model_config = SettingsConfigDict(
        env_prefix="QADAGALAU_", env_file=".env", extra="ignore", frozen=True
    )

    licence_threshold: int = Field(
        3, ge=0, description="LICENCE_THRESHOLD fires when acts exceed this count ('more than 3')"
    )
    licence_window: LicenceWindow = Field(
        LicenceWindow.CALENDAR, description="calendar year, or any 365 days"
    )
    licence_private_only: bool = Field(
        True, description="count only bailiffs registered as private"
    )
    licence_act_kinds: tuple[str, ...] = Field(
        DEFAULT_LICENCE_ACT_KINDS,
        description="the act kinds LICENCE_THRESHOLD counts (JSON list); others are kept, "
        "not counted",
    )
    sanction_catalogue: dict[str, SanctionAuthority] = Field(
        default_factory=lambda: dict(DEFAULT_SANCTION_CATALOGUE),
        description="decree kind -> who sanctions it; kinds not listed go to triage",
    )
    suspension_policy: SuspensionPolicy = SuspensionPolicy.EXTEND
    opening_term_working_days: int = Field(3, ge=1)
    completion_term_months: int = Field(2, ge=1)
    completion_term_hard_months: int = Field(4, ge=1)
    valuation_term_working_days: int = Field(10, ge=1)
    protest_response_days: int = Field(10, ge=1)
    representation_response_days: int = Field(30, ge=1)
    sanction_decision_working_days: int = Field(
        1, ge=1, description="the system's decision term for a sanction request"
    )
    appeal_working_days: int = Field(15, ge=1, description="an appeal's term of consideration")
    appeal_extension_months: int = Field(
        2, ge=1, description="the furthest an appeal's term may be extended, from receipt")
    appeal_notice_working_days: int = Field(
        3, ge=1, description="telling the applicant of an extension")
    appeal_after_inspection_working_days: int = Field(
        10, ge=1, description="the final answer after an inspection ordered on the appeal ends")
    district_report_due_day: int = Field(
        5, ge=1, le=28, description="a district office's quarterly report to its region is due "
        "on this day of the month after the quarter")
    region_report_due_day: int = Field(
        7, ge=1, le=28, description="a regional office's report to the General Prosecutor's "
        "Office is due on this day of the month after the period")
    calendar_decrees: Path | None = Field(
        None, description="a site's own TOML file of Government decrees moving days off"
    )
    today: date | None = Field(None, description="pins the system's 'today' (demos and tests)")
    licence_authority_kk: str = Field(
        "Қазақстан Республикасы Әділет министрлігі",
        description="the authorised body a licence proposal is addressed to (Kazakh)",
    )
    licence_authority_ru: str = Field(
        "Министерство юстиции Республики Казахстан",
        description="the same, in Russian",
    )
    issuer_kk: str = Field(
        "Қазақстан Республикасының Бас прокуратурасы",
        description="the prosecutor's office that issues chamber reports and licence proposals "
        "(Kazakh): the documents' letterhead and their author",
    )
    issuer_ru: str = Field(
        "Генеральная прокуратура Республики Казахстан", description="the same, in Russian"
    )
    signatory_kk: str = Field(
        "Прокурор", description="the position of who signs the issued documents (Kazakh)"
    )
    signatory_ru: str = Field("Прокурор", description="the same, in Russian")
    inspection_weights: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
        description="weight of each factor of seed 004 §10 in the inspection plan's ranking",
    )

    @field_validator("sanction_catalogue")
    @classmethod
    def _known_kinds_only(cls, value: dict[str, SanctionAuthority]) -> dict[str, SanctionAuthority]:
        for kind in value:
            if not kind or not kind.replace("_", "").isalnum():
                raise ValueError(f"decree kind {kind!r} is not a kind name")
        return value

    @field_validator("inspection_weights")
    @classmethod
    def _known_factors_only(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(FACTORS))
        if unknown:
            raise ValueError(f"unknown factor(s) {', '.join(unknown)}; "
                             f"the factors are {', '.join(FACTORS)}")
        return value

    def prosecutor_sanctioned(self, decree_kind: str) -> bool:
        return self.sanction_catalogue.get(decree_kind) is SanctionAuthority.PROSECUTOR


@lru_cache(maxsize=1)
def policy() -> Policy:
    return Policy()


class Runtime(BaseSettings):
    """Where the services run: database, broker, schedule. Not policy."""

    model_config = SettingsConfigDict(env_prefix="QADAGALAU_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///qadagalau.db",
        description="SQLAlchemy URL; postgresql+psycopg://user@host/db when distributed",
    )
    kafka_servers: str | None = Field(
        None, description="Kafka bootstrap servers; unset: the in-process bus"
    )
    sweep_interval_seconds: float = Field(3600, gt=0, description="between two sweeps")
    judge_quiet_seconds: float = Field(
        1.0, ge=0, description="the monitor judges new facts once proceedings.events has been "
        "quiet this long, so that a bulk load raises only what is breached at its end",
    )
    judge_within_seconds: float = Field(
        30.0, gt=0, description="the longest new facts wait to be judged while the topic "
        "never goes quiet (and how long before another replica judges what a stopped one left)",
    )
    document_hosts: list[str] = Field(
        default_factory=list, description="hosts (host or host:port) of the bailiff systems' "
        "document stores whose decrees the sanctions service fetches for the review; a decree "
        "elsewhere is named, not fetched",
    )
    trusted_ca_file: Path | None = Field(
        None, description="PEM file of the CA certificates trusted to certify prosecutors' "
        "signing keys; without it no sanction decision can be accepted",
    )
    intermediate_ca_file: Path | None = Field(
        None, description="PEM file of intermediate CA certificates, for signatures that do "
        "not carry their chain",
    )
    chain_witness_file: Path | None = Field(
        None, description="append-only file that witnesses the head of the sanctions audit log "
        "(a checkpoint after each decision), on storage the database's user cannot rewrite; "
        "unset: deleting the newest entries is found only from sanctions.checkpoints on Kafka",
    )
    @property
    def chain_witness(self) -> Path | None:
        """The witness of the audit log's head: the setting; else, for a SQLite database (the
        single-process default, where the in-process bus keeps no checkpoint), a file beside
        it — weaker than a file the database's user cannot rewrite, but it makes deleting the
        newest entries take a second, deliberate step (docs/decisions.md, "The head of the
        chain")."""
        if self.chain_witness_file is not None:
            return self.chain_witness_file
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix):] + ".witness")
        return None

    create_schema: bool = Field(
        True, description="create missing tables at start (the single-process default); "
        "distributed deployments run `qadagalau migrate` instead",
    )
    report_schedule: list[str] = Field(
        default_factory=lambda: ["weekly", "monthly"],
        description="which chamber reports are made on schedule: weekly (the last ISO week), "
        "monthly (the last calendar month); [] for on demand only",
    )
    chamber_tick_seconds: float = Field(
        60, gt=0, description="how often reports due, proposals and deliveries are looked at"
    )
    smtp_host: str | None = Field(None, description="SMTP server for chamber e-mail; unset: none")
    smtp_port: int = Field(25, gt=0, lt=65536)
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_sender: str = Field("qadagalau@localhost", description="the From address of reports")
    delivery_max_attempts: int = Field(8, ge=1, description="attempts before a delivery fails")
    delivery_backoff_seconds: float = Field(
        60, gt=0, description="wait after the first failure; doubled after each further one"
    )

    max_body_bytes: int = Field(
        16 * 1024 * 1024, ge=1024,
        description="the largest request body taken, in bytes (a little above 10,000 events); "
        "a larger one is refused with 413 before it is read whole",
    )
    api_url: str | None = Field(
        None, description="where the web pages find the services' API; unset: the server that "
        "serves the pages (the single-process default)",
    )
    sanctions_api_url: str | None = Field(None, description="the sanctions service, if apart")
    ncalayer_url: str = Field(
        "wss://127.0.0.1:13579", description="where the pages find NCALayer, the signing "
        "application on the prosecutor's own computer (its local WebSocket)",
    )
    monitor_api_url: str | None = Field(None, description="the monitor service, if apart")
    web_cookie_secure: bool = Field(
        True, description="session cookies only over HTTPS (browsers also allow localhost)"
    )
    web_session_hours: float = Field(8, gt=0, description="a web session's lifetime")
    web_lockout_attempts: int = Field(5, ge=1, description="failed sign-ins before a lockout")
    web_lockout_minutes: float = Field(15, gt=0, description="how long a lockout lasts")

    @field_validator("report_schedule")
    @classmethod
    def _known_schedules(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in ("weekly", "monthly"):
                raise ValueError(f"{item!r}: the schedules are weekly and monthly")
        return value
