"""The pages in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
chromedriver. Sign-in, triage of alerts, a sanction decision signed with a CMS signature, a
report downloaded by a chamber; on every page, the checks a screen reader and a keyboard need.

Screenshots of each page go to QADAGALAU_SCREENSHOTS when it names a folder (the README's
pictures are made so: `QADAGALAU_SCREENSHOTS=docs/screenshots .venv/bin/pytest -k browser`).
"""

from __future__ import annotations

import base64
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from services.alerts.queue.models import Alert
from services.alerts.reports.models import ChamberReport
from shared.signatures import sign
from tests.integration.kafka import free_port
from tests.integration.site import PASSWORD, Site, running_site
from tests.support.ncalayer import StandInNcaLayer
from tests.support.pki import authority, intermediate, prosecutor

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = os.environ.get("QADAGALAU_SCREENSHOTS")

# What every page must offer a keyboard and a screen reader: a language, one h1, a label for
# every field, a skip link first in the tab order.
A11Y = """
const problems = [];
if (!document.documentElement.lang) problems.push('no lang');
const h1 = document.querySelectorAll('h1');
if (h1.length !== 1) problems.push(h1.length + ' h1');
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden') continue;
  const named = (el.labels && el.labels.length) || el.getAttribute('aria-label');
  if (!named) problems.push('unlabelled ' + el.tagName + '#' + el.id + '[' + el.name + ']');
}
for (const t of document.querySelectorAll('table')) {
  if (!t.querySelector('caption')) problems.push('table without caption');
}
if (!document.querySelector('main#main')) problems.push('no main landmark');
return problems;
"""


@pytest.fixture(scope="module")
def ncalayer() -> Iterator[StandInNcaLayer]:
    with StandInNcaLayer() as running:
        yield running


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory,
         ncalayer: StandInNcaLayer) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("browser"), cookie_secure=True,
                      url_host="localhost", ncalayer_url=ncalayer.url) as running:
        yield running


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # The stand-in NCALayer's certificate is its own, as a real NCALayer's is installed with
    # it: the test browser accepts it.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1366,900", "--disable-gpu", "--ignore-certificate-errors"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = 10) -> Any:
    # htmx swaps the element a condition reads while it reads it: that is "not yet", not a
    # failure (a CI run saw StaleElementReferenceException on the status line).
    return WebDriverWait(driver, seconds,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _visit(driver: WebDriver, site: Site, path: str, shot: str | None = None) -> None:
    driver.get(site.url + path)
    _checked(driver, shot)


def _checked(driver: WebDriver, shot: str | None = None) -> None:
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    problems = driver.execute_script(A11Y)
    assert problems == [], f"{driver.current_url}: {problems}"
    if shot:
        _shot(driver, shot)


def _sign_in(driver: WebDriver, site: Site, name: str, target: str = "/") -> None:
    driver.get(site.url + target)
    _wait(driver, lambda d: "/sign-in" in d.current_url)
    _checked(driver, "sign-in" if name == "med" else None)
    # The keyboard way: the skip link comes first, then the fields in order.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("class") == "skip"
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    _wait(driver, lambda d: "/sign-in" not in d.current_url)


def test_sign_in_and_triage_alerts(site: Site, browser: WebDriver) -> None:
    _sign_in(browser, site, "med", "/alerts")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Заң бұзушылықтар кезегі"
    _checked(browser, "alerts")
    rows = browser.find_elements(By.CSS_SELECTOR, "#queue tbody input[type=checkbox]")
    assert len(rows) >= 4
    for box in rows[:2]:
        box.click()
    browser.find_element(By.CSS_SELECTOR, "button[value=acknowledged]").click()
    _wait(browser, lambda d: "Орындалды: 2." in d.find_element(By.CSS_SELECTOR,
                                                                "[role=status]").text)
    # Filtering by rule reloads the queue in place (htmx) and keeps the filter in the URL.
    from selenium.webdriver.support.select import Select

    Select(browser.find_element(By.ID, "f-rule")).select_by_value("NOTICE_TERM")
    _wait(browser, lambda d: "rule=NOTICE_TERM" in d.current_url)

    def only_notices(d: WebDriver) -> bool:
        rules = {a.text for a in d.find_elements(By.CSS_SELECTOR,
                                                 "#queue tbody td:nth-child(2) a")}
        return rules == {"Қаулыны борышкерге жіберу мерзімі"}

    _wait(browser, only_notices)
    browser.find_element(By.CSS_SELECTOR, "#queue tbody td:nth-child(2) a").click()
    _wait(browser, lambda d: "/alerts/" in d.current_url)
    _checked(browser, "alert")
    law = browser.find_element(By.ID, "law-heading").find_element(By.XPATH, "..").text
    assert "сол үш жұмыс күні ішінде" in law and "37-бабының 4-тармағы" in law  # text, source
    browser.find_element(By.ID, "resolve-reason").send_keys("Сот орындаушысына ескерту жасалды")
    browser.find_element(By.CSS_SELECTOR, "button[value=resolved]").click()
    _wait(browser, lambda d: "Шешілді." in d.find_element(By.CSS_SELECTOR, ".done").text)
    history = browser.find_element(By.CSS_SELECTOR, "ol.history").text
    assert "шешілді · med · Сот орындаушысына ескерту жасалды" in history
    _visit(browser, site, "/", "dashboard")
    _visit(browser, site, "/proceedings/EP-1", "proceeding")
    _visit(browser, site, "/bailiffs/PB-1", "bailiff")
    _visit(browser, site, "/acts", "acts")
    # Another district's alert is not there for this prosecutor.
    with site.system.sessions() as session:
        foreign = session.scalar(select(Alert.id).where(Alert.district == "ALA-BOS"))
    assert foreign is not None
    _visit(browser, site, f"/alerts/{foreign}")
    assert "Сіздің аумағыңызда мұндай жазба жоқ." in browser.page_source


def test_sanction_decision_signed_in_the_browser(site: Site, browser: WebDriver) -> None:
    _sign_in(browser, site, "med", "/sanctions")
    _checked(browser, "sanctions")
    browser.find_element(By.LINK_TEXT, "D-1").click()
    _wait(browser, lambda d: "/sanctions/D-1" in d.current_url)
    _checked(browser, "decree")
    # A refusal without reasons is stopped before anything is signed.
    browser.find_element(By.ID, "refuse").click()
    browser.find_element(By.CSS_SELECTOR, "#decide-heading ~ form button").click()
    _wait(browser, lambda d: "Бас тартудың себептері мен негіздерін жазыңыз." in d.find_element(
        By.ID, "signing").text)
    browser.find_element(By.ID, "grant").click()
    browser.find_element(By.CSS_SELECTOR, "#decide-heading ~ form button").click()
    content = _wait(browser, lambda d: d.find_elements(By.ID, "content-b64"))[0]
    _checked(browser, "decree-signing")
    # The prosecutor's signing tool signs the bytes shown; here, the test's own key.
    key = site.keys["med"]
    signature = sign(base64.b64decode(content.get_attribute("value")), key.certificate,
                     key.key, [site.issuing.certificate])
    field = browser.find_element(By.ID, "signature")
    browser.execute_script("arguments[0].value = arguments[1];", field,
                           base64.b64encode(signature).decode())
    browser.find_element(By.CSS_SELECTOR, "form.signing button[type=submit]").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".done"))
    assert "Санкция берілді және қол қойылды." in browser.find_element(By.CSS_SELECTOR,
                                                                        ".done").text
    assert "санкция берілді" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    # Russian, chosen by the user, stays chosen.
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=ru]").click()
    _wait(browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru")
    assert "Рассмотрение постановления D-1" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=kk]").click()


def test_chamber_downloads_its_report(site: Site, browser: WebDriver, tmp_path: Path) -> None:
    _sign_in(browser, site, "chamber", "/inbox")
    _checked(browser, "inbox")
    assert browser.find_elements(By.CSS_SELECTOR, "a[href^='/alerts']") == []  # not theirs
    browser.find_element(By.CSS_SELECTOR, "tbody a[href^='/inbox/']").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "ul.files a"))
    _checked(browser, "report")
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "ul.files a")
                if a.text.endswith("-kk.pdf"))
    link.click()
    target = tmp_path / link.text
    deadline = time.monotonic() + 20
    while not (target.exists() and target.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.read_bytes().startswith(b"%PDF")
    _visit(browser, site, "/", "dashboard-chamber")
    assert "PB-1" in browser.find_element(By.ID, "licence-heading").find_element(
        By.XPATH, "..").text


def test_a_district_sends_its_report_up(site: Site, browser: WebDriver) -> None:
    """The district's third-quarter report, drafted when the quarter closed, read and sent by
    its prosecutor; late, since its day (the 5th of October, a Sunday: the 6th) has passed."""
    _sign_in(browser, site, "med", "/oversight/reports")
    _checked(browser, "office-reports")
    links = browser.find_elements(By.CSS_SELECTOR, "tbody a[href^='/oversight/reports/']")
    assert [a.text for a in links] == ["Алматы қаласы · ALA-MED"]  # its own district only
    links[0].click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "ul.files a"))
    _checked(browser, "office-report")
    assert "жіберілмеген, мерзімі өткен" in browser.find_element(By.TAG_NAME, "main").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "ul.files a")) == 4
    browser.find_element(By.CSS_SELECTOR, "form[action$='/send'] button").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "p[role=status]"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Есеп жоғары тұрған прокуратураға жіберілді." in main
    assert "мерзімі бұзылып жіберілді" in main
    assert browser.find_elements(By.CSS_SELECTOR, "form[action$='/send']") == []


# How much wider than the window a page is: a page a prosecutor works in never scrolls sideways.
OVERFLOW = """
const root = document.documentElement;
const wide = [];
if (root.scrollWidth > root.clientWidth) {
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.right > root.clientWidth + 1) wide.push(el.tagName + (el.id ? '#' + el.id : '')
        + (el.className ? '.' + el.className : '') + ':' + Math.round(box.right));
  }
}
return [root.scrollWidth, root.clientWidth, wide.slice(0, 5)];
"""


def test_no_page_scrolls_sideways_in_any_language(site: Site, browser: WebDriver) -> None:
    """Every page at 1024 and 1366 px, in Kazakh, Russian and English (their words differ in
    length: Russian and Kazakh are the longest)."""
    with site.system.sessions() as session:
        alert = session.scalar(select(Alert.id).where(Alert.district == "ALA-MED",
                                                      Alert.status == "new"))
        report = session.scalar(select(ChamberReport.id))
    who_sees = {
        "med": ["/", "/alerts", f"/alerts/{alert}", "/alerts?status=any&sort=risk",
                "/proceedings/EP-1", "/sanctions", "/sanctions?status=reported",
                "/sanctions/D-1", "/sanctions/D-2", "/bailiffs/PB-1", "/acts", "/acts/GP-2",
                "/appeals", "/appeals/E-2025-0417", "/oversight", "/oversight/reports"],
        "chamber": ["/", "/inbox", f"/inbox/{report}", "/bailiffs/PB-1"],
    }
    too_wide = []
    for lang in ("kk", "ru", "en"):
        browser.delete_all_cookies()
        browser.get(f"{site.url}/language/{lang}?next=/sign-in")
        for width in (1024, 1366):
            browser.set_window_size(width, 900)
            browser.get(f"{site.url}/sign-in")
            scroll, client, wide = browser.execute_script(OVERFLOW)
            if scroll > client:
                too_wide.append((lang, width, "/sign-in", scroll, client, wide))
        for name, paths in who_sees.items():
            browser.delete_cookie("qdg_session")
            browser.set_window_size(1366, 900)
            _sign_in(browser, site, name)
            for width in (1024, 1366):
                browser.set_window_size(width, 900)
                for path in paths:
                    browser.get(site.url + path)
                    _wait(browser, lambda d: d.execute_script(
                        "return document.readyState") == "complete")
                    assert browser.find_element(By.TAG_NAME, "html").get_attribute(
                        "lang") == lang
                    scroll, client, wide = browser.execute_script(OVERFLOW)
                    if scroll > client:
                        too_wide.append((lang, width, path, scroll, client, wide))
                    if width == 1366 and path in IN_EVERY_LANGUAGE:
                        _shot(browser, f"{IN_EVERY_LANGUAGE[path]}-{lang}")
    assert too_wide == []


# The README's pictures in the three languages: the queue and the decree review.
IN_EVERY_LANGUAGE = {"/alerts": "alerts", "/sanctions/D-2": "decree"}


def _shot(driver: WebDriver, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1366, max(900, min(int(height) + 40, 2400)))
    driver.save_screenshot(str(Path(SHOTS) / f"{name}.png"))
    driver.set_window_size(1366, 900)


def test_one_click_signing_with_ncalayer(site: Site, browser: WebDriver,
                                        ncalayer: StandInNcaLayer) -> None:
    """The page asks NCALayer (here the stand-in, over its TLS WebSocket) to sign the exact
    bytes shown and sends the decision; absent, cancelled or with a key the server does not
    trust, nothing is decided and the prosecutor is told why, in their language."""
    _sign_in(browser, site, "med", "/sanctions/D-2")

    def prepare() -> None:
        browser.get(f"{site.url}/sanctions/D-2")
        browser.find_element(By.ID, "grant").click()
        browser.find_element(By.CSS_SELECTOR, "#decide-heading ~ form button").click()
        _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".ncalayer-sign"))

    def status() -> str:
        return str(browser.find_element(By.ID, "ncalayer-status").text)

    # NCALayer not running: nothing answers on its port.
    prepare()
    browser.execute_script("document.querySelector('[data-ncalayer]').dataset.ncalayer = "
                           "arguments[0];", f"wss://127.0.0.1:{free_port()}")
    browser.find_element(By.CSS_SELECTOR, ".ncalayer-sign").click()
    _wait(browser, lambda d: "NCALayer іске қосылмаған" in status())
    # The prosecutor cancels in NCALayer's window.
    ncalayer.mode = "cancel"
    prepare()
    browser.find_element(By.CSS_SELECTOR, ".ncalayer-sign").click()
    _wait(browser, lambda d: "Қол қою NCALayer-де тоқтатылды" in status())
    # A key the server's trusted CAs did not certify: signed, sent, refused beside the field.
    stranger = intermediate(authority("Another Root"), "Another CA")
    ncalayer.mode = "sign"
    ncalayer.signer, ncalayer.chain = prosecutor(stranger, "Someone Else"), [
        stranger.certificate]
    prepare()
    browser.find_element(By.CSS_SELECTOR, ".ncalayer-sign").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "signature-error"))
    assert browser.find_element(By.ID, "signature-error").text
    assert "шешім күтуде" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    # The prosecutor's own key: one click, and the decision is signed and recorded.
    ncalayer.signer, ncalayer.chain = site.keys["med"], [site.issuing.certificate]
    prepare()
    _checked(browser, "decree-ncalayer")
    browser.find_element(By.CSS_SELECTOR, ".ncalayer-sign").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".done"))
    assert "Санкция берілді және қол қойылды." in browser.find_element(
        By.CSS_SELECTOR, ".done").text
    signed = [r for r in ncalayer.requests if r["method"] == "createCAdESFromBase64"]
    assert len(signed) == 3 and {r["args"][0] for r in signed} == {"PKCS12"}


def test_the_api_docs_work_without_the_internet(site: Site, browser: WebDriver) -> None:
    """Swagger UI comes from the service itself: on a closed network /docs still renders."""
    browser.get(f"{site.url}/docs")
    title = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".info .title"), 20)
    assert "Qadagalau" in title[0].text
    # Every operation is listed: the alert queue's among them.
    _wait(browser, lambda d: any("/api/v1/alerts" in e.text for e in d.find_elements(
        By.CSS_SELECTOR, ".opblock-summary-path")))
    sources = browser.execute_script(
        "return [...document.querySelectorAll('script[src], link[href]')]"
        ".map(e => e.src || e.href)")
    assert sources and all(s.startswith(site.url) for s in sources), sources
