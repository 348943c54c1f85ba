"""The sample's binding goals: Kanta-Häme's four binding goals of 2024 (DOMAIN §7), mapped onto the sample county
(the synthetic Päijät-Häme of the rest of the sample), and said so wherever they are shown (``sample_label``).

What is published (DOMAIN §7's table, by Kanta-Hämeen hyvinvointialue): each KPI, its target and direction, and
its value in each quarter Q1–Q4 of 2024. What is illustrative (written for the example, not from the annex, and
said so in each goal's description and summaries): the goals' exact wording, the strategic priorities, the
responsible people (given as roles), the main tasks with their completion and states, and the summaries.

Use from a notebook::

    from analytics.goals import GoalBook
    from analytics.sample.goals import seed_goals
    seed_goals(GoalBook())        # adds the four goals once; a second call finds them and adds nothing
    ensure_sample_goals(GoalBook(), "data")   # the same, only when the data directory is the synthetic sample
"""
from __future__ import annotations

import os

from analytics.data.bundle import dataset_info
from analytics.domain.goals import Rule
from analytics.goals import Goal, GoalBook, Kpi, Task
from analytics.observations import ObservationError
from analytics.text.i18n import DEFAULT_LANGUAGE, t

COUNTY = "Päijät-Hämeen hyvinvointialue"
"""The county the example goals are shown for: the sample data's (data/dataset.toml)."""
SOURCE_COUNTY = "Kanta-Hämeen hyvinvointialue"
"""Whose published 2024 KPI values and targets the example goals carry (DOMAIN §7)."""
YEAR = 2024
SAMPLE_AUTHOR = "Esimerkkiaineisto"
"""Who the sample's goals are saved by (their history says so)."""
ILLUSTRATIVE = ("Esimerkki Päijät-Hämeen esimerkkiaineistossa: mittarin tavoite ja neljännesvuosiarvot ovat "
                "Kanta-Hämeen hyvinvointialueen julkaisemia (sitovat tavoitteet 2024). Tavoitteen sanamuoto, "
                "painopiste, vastuuhenkilöt, päätehtävät ja tiivistelmät ovat havainnollistavia, eivät julkaistuja.")
"""Every sample goal's description: what is published and what is not."""
SUMMARY_NOTE = "Havainnollistava tiivistelmä: "

ON_PLAN, CHALLENGES, STALLED, DONE = "on_plan", "challenges", "stalled", "done"


def sample_label(lang: str = DEFAULT_LANGUAGE) -> str:
    """How a page or report names the example: the sample county's goals, built on Kanta-Häme's published values."""
    return t("goals.sample_label", lang)


def is_sample(goal: Goal) -> bool:
    """Whether ``goal`` is one of the example goals as seeded (saved by ``SAMPLE_AUTHOR`` into the sample county)."""
    return goal.county == COUNTY and goal.created_by == SAMPLE_AUTHOR


def _summaries(*texts: str) -> tuple[str, ...]:
    return tuple(SUMMARY_NOTE + text for text in texts)


GOALS: tuple[dict, ...] = (
    {"title": "Pelastustoimen toimintavalmius toteutuu riskialueilla tavoitteen mukaisesti",
     "priority": "Turvallinen arki", "toimiala": "Pelastustoimi", "responsible": "Pelastusjohtaja",
     "kpis": [Kpi("Toimintavalmiusaikatavoitteen toteutuminen riskialueilla", 96, ">=", "%",
                  values=(71, 73, 87, 83))],
     "tasks": [Task("Lähtöaikojen seuranta ja lähtövalmiuden parantaminen asemittain", "Pelastuspäällikkö", 90,
                    (CHALLENGES, CHALLENGES, ON_PLAN, ON_PLAN)),
               Task("Sopimuspalokuntien valmiuden varmistaminen riskialueilla", "Valmiuspäällikkö", 80,
                    (CHALLENGES, CHALLENGES, ON_PLAN, CHALLENGES)),
               Task("Asemaverkon ja resurssien sijoittelun tarkastelu", "Pelastusjohtaja", 70,
                    (ON_PLAN, ON_PLAN, CHALLENGES, CHALLENGES))],
     "summaries": _summaries("Toimintavalmius jäi tavoitteesta; lähtöaikoja seurataan asemittain.",
                             "Kehitys hidasta; sopimuspalokuntien valmiudessa haasteita.",
                             "Toimintavalmius parani selvästi kesän aikana.",
                             "Vuoden lopussa 83 % tavoitteesta 96 %: osittain saavutettu.")},
    {"title": "Kiireettömät ensihoitopotilaat hoidetaan ilman ambulanssikuljetusta",
     "priority": "Oikea hoito oikeaan aikaan", "toimiala": "Terveyspalvelut", "responsible": "Ensihoitopäällikkö",
     "kpis": [Kpi("Ilman ambulanssikuljetusta hoidettujen kiireettömien ensihoitopotilaiden osuus", 50, ">=", "%",
                  values=(46, 47, 54, 41))],
     "tasks": [Task("Hoito kohteessa ja ohjaus oikeaan palveluun (hoitoonohjausmalli)", "Ensihoidon vastuulääkäri",
                    90, (ON_PLAN, ON_PLAN, ON_PLAN, CHALLENGES)),
               Task("Ensihoitajien konsultaatiomahdollisuus päivystävälle lääkärille", "Ensihoitopäällikkö",
                    80, (ON_PLAN, CHALLENGES, ON_PLAN, STALLED))],
     "summaries": _summaries("Osuus lähellä tavoitetta.", "Osuus lähellä tavoitetta.",
                             "Tavoite ylittyi kolmannella neljänneksellä.",
                             "Osuus laski neljännellä neljänneksellä; konsultaatiomalli tarvitsee tukea.")},
    {"title": "Asiakaskokemus on hyvä",
     "priority": "Asiakaslähtöiset palvelut", "toimiala": "Koko hyvinvointialue",
     "responsible": "Hyvinvointialuejohtaja",
     "kpis": [Kpi("Asiakaskokemus, NPS", 60, ">", values=(72.1, 74.9, 85.9, 86.1))],
     "tasks": [Task("Asiakaspalautteen keruu kaikissa palveluissa", "Asiakkuusjohtaja", 90,
                    (ON_PLAN, ON_PLAN, ON_PLAN, DONE)),
               Task("Palautteen käsittely yksiköissä ja kehittämistoimet", "Laatupäällikkö", 80,
                    (ON_PLAN, ON_PLAN, ON_PLAN, ON_PLAN)),
               Task("Asiakasraatien toiminnan vakiinnuttaminen", "Osallisuuskoordinaattori", 70,
                    (CHALLENGES, ON_PLAN, ON_PLAN, ON_PLAN))],
     "summaries": _summaries("NPS yli tavoitteen.", "NPS yli tavoitteen.", "NPS nousi selvästi.",
                             "NPS 86,1: tavoite saavutettu.")},
    {"title": "Ympärivuorokautisen palveluasumisen kattavuus 75 vuotta täyttäneistä pysyy tavoitteessa",
     "priority": "Kotona asumisen tukeminen", "toimiala": "Ikäihmisten palvelut",
     "responsible": "Ikäihmisten palvelujen johtaja",
     "kpis": [Kpi("Ympärivuorokautisen palveluasumisen asiakkaat, % 75 vuotta täyttäneistä (joulukuu)", 6.75, "<=",
                  "%", values=(None, None, None, 7.14))],
     "tasks": [Task("Kotihoidon ja kotiin annettavien palvelujen vahvistaminen", "Kotihoidon johtaja", 80,
                    (ON_PLAN, CHALLENGES, CHALLENGES, CHALLENGES)),
               Task("Yhteisöllisen asumisen paikkojen lisääminen", "Asumispalvelujen johtaja", 70,
                    (ON_PLAN, ON_PLAN, CHALLENGES, STALLED))],
     "summaries": _summaries("Mitataan joulukuun tilanteena.", "Mitataan joulukuun tilanteena.",
                             "Mitataan joulukuun tilanteena.",
                             "Joulukuussa 7,14 % (tavoite enintään 6,75 %).")},
)
"""The four goals as ``GoalBook.add``'s keyword arguments (besides county, year and author)."""


def sample_goals() -> list[dict]:
    """The sample goals as ``GoalBook.add``'s keyword arguments, county and year included."""
    return [{"county": COUNTY, "year": YEAR, "description": ILLUSTRATIVE, **goal} for goal in GOALS]


def seed_goals(book: GoalBook, author: str = SAMPLE_AUTHOR) -> list[Goal]:
    """Add the sample goals to ``book`` unless it already has goals of the example county for 2024; returns that
    county's goals of the year. Calling it again (or from two processes at once) adds nothing more."""
    if not book.of_county(COUNTY, YEAR):
        for goal in sample_goals():
            try:
                book.add(author=author, **goal)
            except ObservationError as error:
                if error.code != "duplicate":  # another process seeded the same goal at the same moment
                    raise
    return book.of_county(COUNTY, YEAR)


def ensure_sample_goals(book: GoalBook, data_dir: str | os.PathLike) -> list[Goal]:
    """Seed the example goals (``seed_goals``) when ``data_dir`` holds the synthetic sample (its dataset.toml says
    ``synthetic = true``) and ``book`` has no goals of the sample county for 2024; returns the goals seeded or found
    ([] for a county's real data, which gets no example goals). Idempotent: a second call adds nothing."""
    info = dataset_info(data_dir)
    if not info.get("synthetic") or info.get("county", COUNTY) != COUNTY:
        return []
    return seed_goals(book)


def brief_goals(book: GoalBook, county: str, year: int, data_dir: str | os.PathLike,
                bundle=None) -> tuple[list[Goal], Rule, bool, bool]:
    """What the condensed brief needs of the goals, as the CLI and the app's brief page take it: ``county``'s goals
    of ``year`` (a KPI linked to a catalogue indicator with the data's quarter values) and its evaluation rule,
    whether they are the example goals (the brief labels them), and whether
    the data is the synthetic sample."""
    from analytics.data.bundle import load_bundle
    from analytics.views.goals import with_linked_values
    synthetic = bool(dataset_info(data_dir).get("synthetic", False))
    goals = book.of_county(county, year)
    if any(kpi.indicator for goal in goals for kpi in goal.kpis):
        goals = with_linked_values(goals, bundle if bundle is not None else load_bundle(data_dir), year, county)
    return goals, book.rule(county), synthetic and any(is_sample(goal) for goal in goals), synthetic
