"""The region catalogue: every region code the bailiff systems send has its official name in
Kazakh, Russian and English."""

from __future__ import annotations

import json
import re
from pathlib import Path

from shared.regions import REGIONS, region_name

ROOT = Path(__file__).resolve().parents[2]


def test_seventeen_regions_and_three_cities() -> None:
    assert len(REGIONS) == 20
    assert sorted(r.code for r in REGIONS.values() if r.city) == ["ALA", "AST", "SHY"]


def test_every_code_in_use_has_a_name() -> None:
    demo = {json.loads(line).get("region") for line in
            (ROOT / "samples" / "demo-export.ndjson").read_text(encoding="utf-8").splitlines()
            if line.strip()} - {None}
    assert demo <= set(REGIONS)
    # The generator's table of regions: ("AST", 1.50, (districts…)), read as text (bench/ is
    # not a package the tests import).
    source = (ROOT / "bench" / "generate_export.py").read_text(encoding="utf-8")
    assert set(re.findall(r'^    \("([A-Z]{3})", [0-9.]+, \(', source, re.M)) == set(REGIONS)


def test_official_names_in_each_language() -> None:
    assert (region_name("ALM", "kk"), region_name("ALM", "ru")) == (
        "Алматы облысы", "Алматинская область")
    assert (region_name("AST", "kk"), region_name("AST", "ru"), region_name("AST", "en")) == (
        "Астана қаласы", "город Астана", "Astana city")
    assert region_name("TUR", "ru") == "Туркестанская область"
    assert region_name("ULY", "ru") == "область Ұлытау"  # the 2022 decree's own form
    for region in REGIONS.values():
        assert region.kk.endswith(("облысы", "қаласы"))
        assert "область" in region.ru or region.ru.startswith("город ")


def test_an_unknown_code_reads_as_itself() -> None:
    assert region_name("XYZ", "kk") == "XYZ"
