"""Which column of an export is which column of a data contract.

Exports name their columns in Finnish, in English or by the contract's own names. A header maps to a
contract column when it is one of that column's known names (``HEADERS``) and names no other column;
anything else — an unknown header for a required column, or two headers that could be the same
column — is left to a small mapping file (TOML) that the Aineisto page helps to write::

    # Sarakemääritys: sopimuksen sarake = tiedoston otsikko
    kind = "incidents"
    [columns]
    report_date = "Ilmoitettu pvm"
    unit_id = "Yksikkö (nimi)"
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from analytics.core.errors import DataError
from analytics.data.contracts import CONTRACTS
from analytics.ingest.readers import normalise_header

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "org_units": {
        "county": ("hyvinvointialue", "alue", "county"),
        "toimiala": ("toimiala", "division"),
        "palvelualue": ("palvelualue", "service area"),
        "unit_id": ("yksikön tunnus", "yksikkötunnus", "yksikön id", "yksikkö id", "kustannuspaikka", "unit id"),
        "unit_name": ("yksikön nimi", "yksikkö", "nimi", "unit name", "unit"),
        "municipality": ("kunta", "sijaintikunta", "municipality"),
    },
    "incidents": {
        "report_id": ("ilmoituksen tunnus", "ilmoitusnumero", "ilmoitus id", "tunnus", "id", "report id"),
        "event_date": ("tapahtumapäivä", "tapahtumapvm", "tapahtuma-aika", "tapahtuma pvm", "event date"),
        "report_date": ("ilmoituspäivä", "ilmoituspvm", "ilmoitettu", "ilmoitus pvm", "report date"),
        "first_handled_date": ("ensimmäinen käsittely", "käsittelypäivä", "käsittely aloitettu", "käsitelty",
                               "first handled", "first handled date"),
        "unit_id": ("yksikkö", "yksikön tunnus", "yksikkötunnus", "unit", "unit id"),
        "category": ("ilmoitusluokka", "luokka", "lomake", "category"),
        "event_kind": ("tapahtuman laji", "tapahtumalaji", "laji", "event kind"),
        "event_type": ("tapahtumatyyppi", "tapahtuman tyyppi", "tyyppi", "event type"),
        "harm_level": ("haitta", "haitan vakavuus", "haitta-aste", "seuraukset", "harm", "harm level"),
        "reporter": ("ilmoittaja", "ilmoittajan rooli", "reporter"),
        "development_action": ("kehittämistoimenpide", "kehittämistoimenpide suunniteltu", "toimenpide",
                               "development action"),
        "development_theme": ("kehittämisteema", "toimenpiteen teema", "teema", "development theme"),
    },
    "rescue_tasks": {
        "task_id": ("tehtävätunnus", "tehtävän tunnus", "tehtävä id", "tehtävänumero", "task id"),
        "alarm_time": ("hälytysaika", "hälytys", "hälytyksen aika", "alarm time"),
        "arrival_time": ("saapumisaika", "kohteessa", "ensimmäinen yksikkö kohteessa", "arrival time"),
        "municipality": ("kunta", "tapahtumakunta", "municipality"),
        "station_unit_id": ("asema", "paloasema", "asema-alue", "lähtöasema", "station"),
        "risk_class": ("riskiluokka", "risk class"),
        "risk_square_id": ("riskiruutu", "ruutu", "ruudun tunnus", "risk square"),
        "urgency_class": ("kiireellisyysluokka", "kiireellisyys", "urgency", "urgency class"),
        "task_type": ("tehtävätyyppi", "tehtävälaji", "task type"),
        "persons_rescued": ("pelastetut henkilöt", "pelastetut", "pelastettuja", "persons rescued"),
        "property_threatened_eur": ("vaarassa ollut omaisuus", "uhattu omaisuus", "vaarassa eur", "vaarassa €",
                                    "property threatened"),
        "property_saved_eur": ("pelastettu omaisuus", "pelastettu eur", "pelastettu €", "property saved"),
    },
    "rai_results": {
        "year": ("vuosi", "year"),
        "half": ("puolivuosi", "puolivuotisjakso", "jakso", "half"),
        "setting": ("palvelu", "palvelumuoto", "setting"),
        "unit_id": ("yksikkö", "yksikön tunnus", "unit", "unit id"),
        "indicator_id": ("mittari", "indikaattori", "laatuindikaattori", "indicator"),
        "numerator": ("osoittaja", "numerator"),
        "denominator": ("nimittäjä", "arvioituja asiakkaita", "arvioidut", "n", "denominator"),
    },
    "rai_national": {
        "year": ("vuosi", "year"),
        "half": ("puolivuosi", "puolivuotisjakso", "jakso", "half"),
        "setting": ("palvelu", "palvelumuoto", "setting"),
        "indicator_id": ("mittari", "indikaattori", "laatuindikaattori", "indicator"),
        "numerator": ("osoittaja", "numerator"),
        "denominator": ("nimittäjä", "arvioituja asiakkaita", "arvioidut", "n", "denominator"),
    },
    "indicator_values": {
        "source": ("lähde", "source"),
        "indicator": ("indikaattori", "mittari", "indicator"),
        "region_id": ("alue id", "alueen tunnus", "alue", "region", "region id"),
        "region_name": ("alueen nimi", "region name"),
        "region_category": ("aluetaso", "alueluokka", "region category"),
        "year": ("vuosi", "year"),
        "gender": ("sukupuoli", "gender"),
        "value": ("arvo", "primary value", "value"),
        "absolute_value": ("absoluuttinen arvo", "lukumäärä", "absolute value", "absvalue"),
    },
    "feedback": {
        "feedback_id": ("palautteen tunnus", "palautetunnus", "palaute id", "palautteen id", "palautenumero",
                        "palautteen numero", "tunnus", "id", "feedback id", "feedback number"),
        "received_date": ("saapunut", "saapumispäivä", "saapumispvm", "vastaanotettu", "vastaanottopäivä",
                          "päivämäärä", "pvm", "palautteen päivämäärä", "palautepäivä", "annettu",
                          "jätetty", "received", "received date", "date"),
        "unit_id": ("yksikkö", "yksikön tunnus", "yksikkötunnus", "yksikön nimi", "palveluyksikkö", "toimipiste",
                    "unit", "unit id", "unit name"),
        "channel": ("kanava", "palautekanava", "palautteen kanava", "saapumiskanava", "palautetapa", "channel"),
        "score": ("arvosana", "arvio", "arviointi", "tähdet", "tähtiarvio", "pisteet", "score", "rating", "grade"),
        "feedback_type": ("palautteen tyyppi", "palautetyyppi", "palautteen laji", "palautelaji", "tyyppi", "laji",
                          "feedback type", "type"),
        "themes": ("aiheet", "aihe", "teemat", "teema", "palautteen aihe", "palautteen aiheet", "aihealue",
                   "aihealueet", "themes", "theme", "topics", "topic"),
        "contact_requested": ("yhteydenottopyyntö", "yhteydenottoa toivotaan", "toivoo yhteydenottoa",
                              "yhteydenotto", "vastausta toivotaan", "toivoo vastausta", "contact requested",
                              "contact request", "reply requested"),
        "answered_date": ("vastattu", "vastauspäivä", "vastauspvm", "vastattu pvm", "vastauksen päivämäärä",
                          "answered", "answered date", "answer date", "reply date"),
    },
    "ombudsman_contacts": {
        "contact_id": ("yhteydenoton tunnus", "yhteydenottotunnus", "yhteydenoton id", "yhteydenoton numero",
                       "asianumero", "tapausnumero", "tunnus", "id", "contact id", "case id"),
        "contact_date": ("yhteydenottopäivä", "yhteydenottopvm", "yhteydenoton päivämäärä", "yhteydenoton pvm",
                         "päivämäärä", "pvm", "contact date", "date"),
        "ombudsman": ("asiavastaava", "asiavastaavan tyyppi", "asiavastaavatyyppi", "asiamies", "ombudsman",
                      "ombud"),
        "contact_kind": ("uusi/uusinta", "uusi vai uusinta", "uusi tai uusinta", "yhteydenoton laji",
                         "yhteydenottolaji", "yhteydenoton tyyppi", "contact kind", "new/returning",
                         "new or returning"),
        "contact_by": ("yhteydenottaja", "yhteydenottajan rooli", "yhteyttä ottanut", "yhteydenottajan tyyppi",
                       "contact by", "contacted by", "contact made by"),
        "toimiala": ("toimiala", "toimialue", "division", "sector"),
        "topics": ("aiheet", "aihe", "asiat", "asia", "yhteydenoton aihe", "yhteydenoton aiheet", "aihealue",
                   "aihealueet", "topics", "topic", "subjects", "subject"),
    },
    "success_reports": {
        "report_id": ("ilmoituksen tunnus", "ilmoitustunnus", "ilmoitusnumero", "ilmoitus id",
                      "onnistumisilmoituksen tunnus", "tunnus", "id", "report id", "report number"),
        "report_date": ("ilmoituspäivä", "ilmoituspvm", "ilmoitettu", "ilmoitus pvm", "päivämäärä", "pvm",
                        "report date", "reported", "date"),
        "unit_id": ("yksikkö", "yksikön tunnus", "yksikkötunnus", "yksikön nimi", "palveluyksikkö", "toimipiste",
                    "unit", "unit id", "unit name"),
        "themes": ("teemat", "teema", "aiheet", "aihe", "onnistumisen teema", "onnistumisen teemat",
                   "onnistumisen aihe", "themes", "theme"),
        "proposed_for_others": ("ehdotettu muille yksiköille", "ehdotettu muille", "ehdotetaan muille yksiköille",
                                "ehdotetaan muille", "levitettäväksi", "jaetaan muille yksiköille",
                                "hyvä käytäntö muille", "proposed for others", "proposed for other units",
                                "suggested for other units"),
    },
    "own_values": {
        "indicator_id": ("mittari", "indikaattori", "mittarin tunnus", "mittarin nimi", "mittarin id", "indicator",
                         "indicator id", "indicator name"),
        "period": ("kausi", "ajanjakso", "jakso", "aika", "aikajakso", "period", "time period"),
        "unit_id": ("yksikkö", "yksikön tunnus", "yksikkötunnus", "yksikön nimi", "unit", "unit id", "unit name"),
        "numerator": ("osoittaja", "numerator"),
        "denominator": ("nimittäjä", "denominator"),
        "value": ("arvo", "value"),
    },
}


def known_headers(kind: str) -> set[str]:
    """Every header the import recognises for ``kind`` (normalised), contract names included."""
    names = {normalise_header(c) for c in CONTRACTS[kind].columns}
    for synonyms in HEADERS.get(kind, {}).values():
        names |= {normalise_header(s) for s in synonyms}
    return names


@dataclass(frozen=True)
class Mapping:
    """contract column → the file's header; ``ambiguous``: contract column → candidate headers;
    ``missing``: required contract columns no header was found for; ``ignored``: the file's
    headers that map to nothing."""

    columns: dict[str, str]
    missing: tuple[str, ...] = ()
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def detect(kind: str, headers: list[str], given: dict[str, str] | None = None) -> Mapping:
    """Map ``headers`` of a file to ``kind``'s contract; ``given`` (from a mapping file or the page)
    overrides detection for the columns it names."""
    contract = CONTRACTS[kind]
    given = dict(given or {})
    unknown_columns = [c for c in given if c not in contract.columns]
    if unknown_columns:
        raise DataError(f"The mapping names '{unknown_columns[0]}', which is not a column of the {kind} table "
                        f"({', '.join(contract.columns)}).")
    absent = [h for h in given.values() if h not in headers]
    if absent:
        raise DataError(f"The mapping names the header '{absent[0]}', which the file does not have "
                        f"(it has: {', '.join(headers)}).")
    synonyms = {c: {normalise_header(c), *(normalise_header(s) for s in HEADERS.get(kind, {}).get(c, ()))}
                for c in contract.columns}
    by_header: dict[str, list[str]] = {h: [c for c, names in synonyms.items() if normalise_header(h) in names]
                                       for h in headers}
    columns: dict[str, str] = dict(given)
    ambiguous: dict[str, tuple[str, ...]] = {}
    taken = set(given.values())
    for column in contract.columns:
        if column in columns:
            continue
        exact = [h for h in headers if normalise_header(h) == normalise_header(column) and h not in taken]
        candidates = exact or [h for h in headers if column in by_header[h] and h not in taken]
        if len(candidates) == 1 and (exact or len(by_header[candidates[0]]) == 1):
            columns[column] = candidates[0]
            taken.add(candidates[0])
        elif candidates:
            ambiguous[column] = tuple(candidates)
    missing = tuple(c for c, spec in contract.columns.items() if c not in columns and not spec.nullable)
    ignored = tuple(h for h in headers if h not in columns.values())
    return Mapping(columns, missing, ambiguous, ignored)


def read_mapping(text: str, source: str = "mapping") -> tuple[str | None, dict[str, str]]:
    """A mapping file: (its kind or None, contract column → header)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source}: not a valid mapping file ({exc}); write lines such as report_date = \"Ilmoitettu\" "
                        "under [columns].") from None
    columns = raw.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise DataError(f"{source}: [columns] must list contract_column = \"header in the file\".")
    kind = raw.get("kind")
    if kind is not None and kind not in CONTRACTS:
        raise DataError(f"{source}: kind '{kind}' is not one of {', '.join(CONTRACTS)}.")
    return kind, dict(columns)


def write_mapping(kind: str, columns: dict[str, str]) -> str:
    """The mapping file text for ``columns`` (contract column → header)."""
    lines = ["# Sarakemääritys / column mapping: contract column = \"header in the file\"", f'kind = "{kind}"',
             "", "[columns]"]
    for column in CONTRACTS[kind].columns:
        if column in columns:
            header = columns[column].replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{column} = "{header}"')
    return "\n".join(lines) + "\n"
