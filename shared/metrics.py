"""Prometheus metrics of every service, named by Prometheus conventions.

Labels carry rules, regions, reasons and statuses only: never a bailiff, a proceeding or a
person, which would both leak personal data and explode the series count.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_INGESTED = Counter(
    "qadagalau_events_ingested_total", "Bailiff events accepted by ingest", ["channel", "type"]
)
EVENTS_REJECTED = Counter(
    "qadagalau_events_rejected_total", "Bailiff events rejected by ingest", ["channel", "reason"]
)
EVENTS_DUPLICATE = Counter(
    "qadagalau_events_duplicate_total", "Bailiff events received again (ignored)", ["channel"]
)
ALERT_CHANGES = Counter(
    "qadagalau_alert_changes_total", "Alert changes announced by the monitor",
    ["change", "rule", "region"],
)
SWEEP_SECONDS = Histogram(
    "qadagalau_sweep_duration_seconds", "Duration of a monitor sweep",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
SWEEP_LAST_SUCCESS = Gauge(
    "qadagalau_sweep_last_success_timestamp_seconds", "When the last sweep finished without error"
)
ALERTS_BY_STATUS = Gauge(
    "qadagalau_alerts", "Alerts in the queue by status (withdrawn ones excluded)", ["status"]
)
CONSUMER_LAG = Gauge(
    "qadagalau_consumer_lag_messages", "Messages published but not yet consumed",
    ["group", "topic"],
)
CONSUMER_FAILURES = Counter(
    "qadagalau_consumer_failures_total",
    "Batches or messages a consumer's handler failed on (each attempt)", ["group", "topic"],
)
DEAD_LETTERS = Counter(
    "qadagalau_consumer_dead_letters_total",
    "Messages a consumer gave up on and put on the dead-letter topic", ["group", "topic"],
)
KAFKA_NATIVE_CHECKSUM = Gauge(
    "qadagalau_kafka_native_checksum",
    "1 if kafka-python checksums record batches with the C crc32c package, 0 if in pure Python",
)
OUTBOX_PENDING = Gauge("qadagalau_outbox_pending_messages", "Outbox messages not yet published")
REQUEST_SECONDS = Histogram(
    "qadagalau_http_request_duration_seconds", "HTTP request latency",
    ["service", "method", "route", "status"],
)


def rejection_reason_label(reason: str) -> str:
    """A bounded label for a rejection: the field at fault, never the value."""
    head = reason.split(":", 1)[0].strip()
    if head.startswith("not valid JSON"):
        return "invalid_json"
    if head == "conflict":
        return "conflict"
    if head == "outside your jurisdiction":
        return "jurisdiction"
    return head.split(";")[0].replace(" ", "_")[:40] or "invalid"

SANCTION_REQUESTS = Gauge(
    "qadagalau_sanction_requests", "Sanction requests by status", ["status"]
)
# Durations in seconds, as Prometheus's conventions (and `promtool check metrics`) want them;
# a request's age and decision are whole days, so the buckets are days in seconds.
DAY_SECONDS = 86_400
SANCTION_OLDEST_PENDING_SECONDS = Gauge(
    "qadagalau_sanction_oldest_pending_seconds",
    "Age of the oldest pending sanction request (whole days, in seconds)",
)
SANCTION_DECISION_SECONDS = Histogram(
    "qadagalau_sanction_decision_seconds",
    "From a request's receipt to its decision (calendar days, in seconds)",
    buckets=tuple(days * DAY_SECONDS for days in (0, 1, 2, 3, 5, 10, 20, 30)),
)
BUILD_INFO = Gauge(
    "qadagalau_build_info", "The running version of Qadagalau (always 1)",
    ["version", "python"],
)

CHAMBER_REPORTS = Counter(
    "qadagalau_chamber_reports_total", "Reports made for regional chambers", ["kind"]
)
CHAMBER_REPORT_SECONDS = Histogram(
    "qadagalau_chamber_report_duration_seconds", "Time to gather and render one chamber report",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120),
)
OFFICE_REPORTS = Counter(
    "qadagalau_office_reports_total", "Reports drafted for the prosecutor hierarchy",
    ["level", "kind"]
)
OFFICE_REPORT_SECONDS = Histogram(
    "qadagalau_office_report_duration_seconds",
    "Time to gather and render one report up the prosecutor hierarchy",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120),
)
DELIVERIES = Counter(
    "qadagalau_deliveries_total", "Delivery attempts of chamber reports", ["channel", "outcome"]
)
DELIVERIES_PENDING = Gauge(
    "qadagalau_deliveries_pending", "Chamber report deliveries waiting for (another) attempt",
    ["channel"],
)
DELIVERIES_FAILED = Gauge(
    "qadagalau_deliveries_failed", "Chamber report deliveries that ran out of attempts",
    ["channel"],
)
LICENCE_PROPOSALS = Counter(
    "qadagalau_licence_proposals_total", "Licence-suspension proposals by outcome", ["status"]
)
RISK_SCORED = Counter(
    "qadagalau_risk_scores_total", "Breach-risk scores made for open proceedings", ["target"]
)
RISK_SCORING_SECONDS = Histogram(
    "qadagalau_risk_scoring_duration_seconds", "Duration of scoring every open proceeding",
    buckets=(1, 5, 15, 30, 60, 120, 300, 600),
)



def publish_build_info() -> None:
    """The one series of `qadagalau_build_info`: which version answers, on which Python."""
    import platform

    from shared.version import version

    BUILD_INFO.labels(version=version(), python=platform.python_version()).set(1)
