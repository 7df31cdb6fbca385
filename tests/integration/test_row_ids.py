"""Row ids beyond what the database can hold name nothing: they are answered 404 or 422, never
500 (issue: `GET /api/v1/alerts/9223372036854775808` overflowed the driver)."""

from __future__ import annotations

import pytest

from tests.integration.test_http import Api, api  # noqa: F401 - the fixture

TOO_LARGE = [2**63, 2**64, 10**30]


@pytest.mark.parametrize("alert_id", TOO_LARGE)
def test_an_alert_id_too_large_for_the_database_is_refused_not_a_crash(
        api: Api, alert_id: int) -> None:  # noqa: F811 - the fixture
    got = api.client.get(f"/api/v1/alerts/{alert_id}", headers=api.as_("med"))
    assert got.status_code == 422 and got.json()["code"] == "request_invalid"
    moved = api.client.post(f"/api/v1/alerts/{alert_id}/transitions",
                            json={"status": "acknowledged"}, headers=api.as_("med"))
    assert moved.status_code == 422 and moved.json()["code"] == "request_invalid"


def test_the_largest_id_the_database_holds_is_simply_missing(api: Api) -> None:  # noqa: F811
    got = api.client.get(f"/api/v1/alerts/{2**63 - 1}", headers=api.as_("med"))
    assert got.status_code == 404 and got.json()["code"] == "alert_not_found"


@pytest.mark.parametrize("alert_id", [*TOO_LARGE, 0, -1])
def test_an_act_naming_an_impossible_alert_is_refused(api: Api,  # noqa: F811
                                                      alert_id: int) -> None:
    made = api.client.post("/api/v1/acts", json={"act_kind": "protest", "alert_ids": [alert_id]},
                           headers=api.as_("med"))
    assert made.status_code in (404, 422), made.text
    assert made.json()["code"] in ("alert_not_found", "request_invalid")


@pytest.mark.parametrize("path", ["/api/v1/reports/{}", "/api/v1/proposals/{}",
                                  "/api/v1/reports/{}/documents/x.pdf"])
def test_report_and_proposal_ids_too_large_are_refused(api: Api, path: str) -> None:  # noqa: F811
    got = api.client.get(path.format(2**63), headers=api.as_("chamber"))
    assert got.status_code == 422


@pytest.mark.parametrize(("sort", "cursor"), [
    ("id", "99999999999999999999"), ("id", "-5"), ("due", "2025-10-01|99999999999999999999"),
    ("risk", "0.5|99999999999999999999")])
def test_a_cursor_no_page_could_have_given_is_refused(api: Api, sort: str,  # noqa: F811
                                                      cursor: str) -> None:
    got = api.client.get("/api/v1/alerts", params={"cursor": cursor, "sort": sort},
                         headers=api.as_("med"))
    assert got.status_code == 422 and got.json()["code"] == "cursor_invalid"


@pytest.mark.parametrize("path", ["/api/v1/proposals?year={}", "/api/v1/licence?year={}"])
@pytest.mark.parametrize("year", ["99999999999999999999", "99999", "0"])
def test_a_year_no_calendar_has_is_refused(api: Api, path: str, year: str) -> None:  # noqa: F811
    got = api.client.get(path.format(year), headers=api.as_("chamber"))
    assert got.status_code == 422 and got.json()["code"] == "request_invalid"
