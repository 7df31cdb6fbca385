"""VALUATION_TERM: an appraiser within 10 working days of arrest and established ownership."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import accepted, audit, event, rows

E = event


def base() -> list[dict]:
    return [accepted("2025-10-01"),
            E("proceeding.initiated", "2025-10-02", sent_to_debtor_on="2025-10-02")]


def arrest(on: str, pid: str = "CAR", kind: str = "vehicle", owned: str | None = None) -> dict:
    extra = {"ownership_established_on": owned} if owned else {}
    return E("property.arrested", on, property_id=pid, property_kind=kind, **extra)


def appraiser(on: str, pid: str = "CAR") -> dict:
    return E("appraiser.appointed", on, property_id=pid, method="bailiff")


CASES = [
    ("arrest with ownership: 10 working days, Republic Day observed skipped",
     base() + [arrest("2025-10-20", owned="2025-10-20")], "2025-11-05",
     [("CAR", "2025-11-04", "open", None)]),
    ("no breach on the last day", base() + [arrest("2025-10-20", owned="2025-10-20")],
     "2025-11-04", []),
    ("appraiser on the last day",
     base() + [arrest("2025-10-20", owned="2025-10-20"), appraiser("2025-11-04")],
     "2025-12-01", []),
    ("appraiser late",
     base() + [arrest("2025-10-20", owned="2025-10-20"), appraiser("2025-11-05")],
     "2025-12-01", [("CAR", "2025-11-04", "late", "2025-11-05")]),
    ("no clock until ownership is established", base() + [arrest("2025-10-20")],
     "2025-12-01", []),
    ("ownership established later: the later date starts the clock",
     base() + [arrest("2025-10-20"), E("property.ownership_established", "2025-10-24",
                                       property_id="CAR")],
     "2025-12-01", [("CAR", "2025-11-10", "open", None)]),
    ("ownership known before the arrest: the arrest starts the clock",
     base() + [arrest("2025-10-20", owned="2024-01-10")], "2025-12-01",
     [("CAR", "2025-11-04", "open", None)]),
    ("ownership established after the as-of date: no clock yet",
     base() + [arrest("2025-10-20", owned="2025-12-05")], "2025-12-01", []),
    ("money on a bank account needs no appraiser",
     base() + [arrest("2025-10-20", kind="bank_account", owned="2025-10-20")], "2025-12-01", []),
    ("cash needs no appraiser",
     base() + [arrest("2025-10-20", kind="cash", owned="2025-10-20")], "2025-12-01", []),
    ("released on the last day: no breach",
     base() + [arrest("2025-10-20", owned="2025-10-20"),
               E("property.released", "2025-11-04", property_id="CAR")], "2025-12-01", []),
    ("released after the last day: the breach stands",
     base() + [arrest("2025-10-20", owned="2025-10-20"),
               E("property.released", "2025-11-05", property_id="CAR")], "2025-12-01",
     [("CAR", "2025-11-04", "open", None)]),
    ("the proceeding ended within the term: no breach",
     base() + [arrest("2025-10-20", owned="2025-10-20"),
               E("proceeding.completed", "2025-10-30")], "2025-12-01", []),
    ("only the first arrest of a property counts",
     base() + [arrest("2025-10-20", owned="2025-10-20"), arrest("2025-11-03", owned="2025-11-03")],
     "2025-12-01", [("CAR", "2025-11-04", "open", None)]),
    ("per property: one appraised, one not",
     base() + [arrest("2025-10-20", "CAR", owned="2025-10-20"),
               arrest("2025-10-20", "FLAT", "real_estate", owned="2025-10-20"),
               appraiser("2025-10-21", "CAR")], "2025-12-01",
     [("FLAT", "2025-11-04", "open", None)]),
    ("an appraiser for another property does not count",
     base() + [arrest("2025-10-20", owned="2025-10-20"), appraiser("2025-10-21", "OTHER")],
     "2025-12-01", [("CAR", "2025-11-04", "open", None)]),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_valuation_term(tmp_path: Path, case: str, events: list, as_of: str,
                        expected: list) -> None:
    got = [(r["property_id"], r["due"], r["state"], r["done_on"])
           for r in rows(audit(tmp_path, events, as_of), "VALUATION_TERM")]
    assert got == expected
