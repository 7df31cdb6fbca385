"""Every word on the pages is translated: no template holds text of its own, every key used
exists in Kazakh, Russian and English with the same placeholders."""

from __future__ import annotations

import re
import string
from importlib import resources
from pathlib import Path

import pytest

from services.web.i18n import DECREE_KINDS, FACTS, LANGUAGES, MESSAGES, Translator
from shared.events import EVENT_TYPES
from shared.legal.texts import ACT_KIND_NAMES, RULE_TEXTS, RULE_TITLES
from shared.settings import DEFAULT_SANCTION_CATALOGUE

TEMPLATES = Path(str(resources.files("services.web") / "templates"))
PAGES = Path(str(resources.files("services.web") / "pages.py"))
# Proper names and symbols that are the same in every language.
ALLOWED_WORDS = {"Qadagalau"}
JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
TEXT_ATTRIBUTE = re.compile(r'\b(placeholder|title|alt|aria-label)="([^"]*)"')


def _templates() -> list[Path]:
    return sorted(TEMPLATES.glob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: p.name)
def test_no_template_has_text_of_its_own(template: Path) -> None:
    source = template.read_text()
    for attribute, value in TEXT_ATTRIBUTE.findall(source):
        literal = JINJA.sub("", value)
        assert not re.search(r"[^\W\d_]", literal), f"{template.name}: {attribute}={value!r}"
    text = TAG.sub(" ", JINJA.sub(" ", source))
    words = {w for w in re.findall(r"[^\W\d_]+", text)} - ALLOWED_WORDS
    assert not words, f"{template.name} has untranslated text: {sorted(words)}"


def _keys_used() -> tuple[set[str], set[str]]:
    sources = [p.read_text() for p in _templates()] + [PAGES.read_text()]
    literal, prefixes = set(), set()
    for source in sources:
        literal |= set(re.findall(r"""(?:\b_|\bt)\(\s*["']([a-z_][\w.\-]*)["']\s*[,)]""",
                                  source))
        prefixes |= set(re.findall(r"""\b_\(\s*["']([\w.]+\.)["']\s*~""", source))
    return literal, prefixes


def test_every_key_used_exists() -> None:
    literal, prefixes = _keys_used()
    assert literal, "the search for keys found none: the pattern is broken"
    missing = sorted(k for k in literal if k not in MESSAGES)
    assert not missing
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in MESSAGES), prefix


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_message_in_every_language_with_the_same_placeholders(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == set(LANGUAGES)
    fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f}
              for lang, text in texts.items()}
    assert all(texts[lang].strip() for lang in LANGUAGES)
    assert len({frozenset(f) for f in fields.values()}) == 1, fields


def test_the_catalogues_cover_rules_acts_events_and_decree_kinds() -> None:
    for table, codes in ((RULE_TITLES, RULE_TITLES), (RULE_TEXTS, RULE_TITLES),
                         (ACT_KIND_NAMES, ACT_KIND_NAMES), (FACTS, EVENT_TYPES),
                         (DECREE_KINDS, DEFAULT_SANCTION_CATALOGUE)):
        for code in codes:
            assert set(table[code]) >= set(LANGUAGES), code


def test_dynamic_keys_have_every_value() -> None:
    values = {
        "state.": ("open", "late"),
        "status.": ("new", "assigned", "acknowledged", "resolved", "dismissed", "withdrawn"),
        "history.": ("raised", "changed", "withdrawn", "assigned", "acknowledged", "resolved",
                     "dismissed"),
        "report.kind.": ("weekly", "monthly", "on_demand", "licence_notice"),
        "channel.": ("inbox", "email", "webhook"),
        "delivery.": ("pending", "delivered", "failed"),
        "sanction.status.": ("pending", "granted", "refused", "court", "triage"),
        "language.": LANGUAGES,
        "role.": ("prosecutor", "chamber", "justice", "auditor", "admin"),
    }
    for prefix, suffixes in values.items():
        for suffix in suffixes:
            assert prefix + suffix in MESSAGES, prefix + suffix


def test_local_dates_and_numbers() -> None:
    assert Translator("kk").date("2025-12-01") == "01.12.2025"
    assert Translator("ru").date("2025-12-01") == "01.12.2025"
    assert Translator("en").date("2025-12-01") == "1 Dec 2025"
    assert Translator("en").number(1234567) == "1,234,567"
    assert Translator("ru").number(1234567).replace("\xa0", " ") == "1 234 567"
    assert Translator("xx").lang == "kk"  # Kazakh by default


def test_every_error_code_the_services_raise_is_translated() -> None:
    """A refusal reaches a Kazakh or Russian page by its code: each code raised anywhere must
    have its words in all three languages."""
    import re
    from pathlib import Path

    from services.web.i18n import ERRORS

    root = Path(__file__).resolve().parents[2]
    raised: set[str] = set()
    kinds = r"(?:Invalid|Conflict|Forbidden|NotFound|Unauthenticated|Unavailable|TooLarge)"
    for path in [*root.glob("services/**/*.py"), *root.glob("shared/**/*.py")]:
        text = path.read_text("utf-8")
        raised |= set(re.findall(kinds + r'\(\s*"([a-z_]+)"', text))
        raised |= {f"{what}_not_found" for what in re.findall(r'not_found\("([a-z_]+)"', text)}
    raised.discard("what")  # the helper's own parameter name
    assert raised, "no error code found: the pattern above no longer matches the code"
    missing = sorted(raised - set(ERRORS))
    assert missing == []
    for code, words in ERRORS.items():
        assert set(words) == {"kk", "ru", "en"}, code
        assert all(words.values()), code
