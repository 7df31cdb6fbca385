"""The docs the code cites exist: every `docs/<file>.md#anchor` and `docs/<file>.md §N` in
shared/ and services/ names a heading of that file, and the links between the docs resolve.

The repository must explain itself: a citation that points nowhere is worse than none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CODE_DIRS = (ROOT / "shared", ROOT / "services")
CODE_SUFFIXES = {".py", ".html", ".toml"}

ANCHOR_CITE = re.compile(r"docs/([\w-]+\.md)#([\w-]+)")
SECTION_CITE = re.compile(r"docs/([\w-]+\.md)`? §(\d+(?:\.\d+)?)")
MD_LINK = re.compile(r"\]\(([\w./-]*?\.md)?#([\w-]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]{2,}|`", "", heading).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def headings(doc: Path) -> list[str]:
    found, fenced = [], False
    for line in doc.read_text("utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append(match.group(1))
    return found


def anchors(doc: Path) -> set[str]:
    return {slug(h) for h in headings(doc)}


def sections(doc: Path) -> set[str]:
    return {m.group(1) for h in headings(doc) if (m := re.match(r"(\d+(?:\.\d+)?)\.? ", h))}


def code_files() -> list[Path]:
    return sorted(p for d in CODE_DIRS for p in d.rglob("*")
                  if p.suffix in CODE_SUFFIXES and ".venv" not in p.parts)


def citations() -> list[tuple[str, str, str, str]]:
    """(where, file, kind, target) for every docs citation in the code."""
    found = []
    for path in code_files():
        text = path.read_text("utf-8", errors="replace")
        where = str(path.relative_to(ROOT))
        found += [(where, m.group(1), "#", m.group(2)) for m in ANCHOR_CITE.finditer(text)]
        found += [(where, m.group(1), "§", m.group(2)) for m in SECTION_CITE.finditer(text)]
    return found


def test_the_code_cites_the_project_docs_not_the_specification_beside_it() -> None:
    cited = citations()
    # A handful at least: an empty list would make the next test pass for the wrong reason.
    assert len(cited) >= 10
    assert {(f, k) for _, f, k, _ in cited} >= {("rules.md", "#"), ("contract.md", "§")}


@pytest.mark.parametrize(("where", "doc", "kind", "target"), citations())
def test_each_citation_in_the_code_names_a_heading(where: str, doc: str, kind: str,
                                                   target: str) -> None:
    path = DOCS / doc
    assert path.exists(), f"{where} cites docs/{doc}, which does not exist"
    known = anchors(path) if kind == "#" else sections(path)
    assert target in known, f"{where} cites docs/{doc} {kind}{target}: no such heading"


def test_links_between_the_docs_resolve() -> None:
    broken = []
    for page in sorted(DOCS.glob("*.md")) + [ROOT / "README.md"]:
        for match in MD_LINK.finditer(page.read_text("utf-8")):
            target = (page.parent / match.group(1)).resolve() if match.group(1) else page
            if not target.exists() or match.group(2) not in anchors(target):
                broken.append(f"{page.relative_to(ROOT)}: {match.group(0)}")
    assert not broken


def test_the_slug_is_githubs() -> None:
    assert slug("COMPLETION_TERM") == "completion_term"
    assert slug("1.3 Validation") == "13-validation"
    assert slug("End on a day off") == "end-on-a-day-off"
    assert slug("Timely, late, open") == "timely-late-open"
