"""The regions of Kazakhstan: 17 oblystar and the 3 cities of republican significance, under the
codes the bailiff systems' exports use (`samples/demo-export.ndjson`, `bench/generate_export.py`),
with their official names in Kazakh, Russian and English.

Pure data: documents and pages show a reader the region's name in the document's language,
never the code. The three regions formed in 2022 (Abai, Jetisu, Ulytau) keep the official
Russian form the decree gave them ("область Абай"), not an adjective.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    kk: str
    ru: str
    en: str
    city: bool = False  # a city of republican significance, not an oblys

    def name(self, lang: str) -> str:
        return {"kk": self.kk, "ru": self.ru}.get(lang, self.en)


REGIONS: dict[str, Region] = {r.code: r for r in (
    Region("AST", "Астана қаласы", "город Астана", "Astana city", city=True),
    Region("ALA", "Алматы қаласы", "город Алматы", "Almaty city", city=True),
    Region("SHY", "Шымкент қаласы", "город Шымкент", "Shymkent city", city=True),
    Region("ABA", "Абай облысы", "область Абай", "Abai Region"),
    Region("AKM", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    Region("AKT", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    Region("ALM", "Алматы облысы", "Алматинская область", "Almaty Region"),
    Region("ATY", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    Region("VKO", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область",
           "East Kazakhstan Region"),
    Region("ZHA", "Жамбыл облысы", "Жамбылская область", "Jambyl Region"),
    Region("ZHT", "Жетісу облысы", "область Жетісу", "Jetisu Region"),
    Region("ZKO", "Батыс Қазақстан облысы", "Западно-Казахстанская область",
           "West Kazakhstan Region"),
    Region("KAR", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    Region("KOS", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    Region("KZY", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    Region("MAN", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    Region("PAV", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    Region("SKO", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
           "North Kazakhstan Region"),
    Region("TUR", "Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    Region("ULY", "Ұлытау облысы", "область Ұлытау", "Ulytau Region"),
)}


def region_name(code: str, lang: str) -> str:
    """The region's name in `lang` (kk, ru; anything else: English); an unknown code is shown
    as it is, so a region added by a bailiff system before this catalogue still reads."""
    region = REGIONS.get(code)
    return region.name(lang) if region else code
