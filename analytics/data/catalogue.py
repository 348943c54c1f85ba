"""The indicator catalogue: what each indicator is, which direction is better and its targets.

Read from ``indicators.toml`` in the data directory (human-editable, versioned with the data).
Target values are in display units: percent (0–100) for shares, days for reaction time. In words (directions,
targets, "why this indicator"): analytics.text.catalogue.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.core.errors import DataError

CATALOGUE_FILE = "indicators.toml"
DOMAINS = ("rai", "incidents", "rescue", "experience")
KINDS = ("share", "score", "count", "ratio", "days")
DIRECTIONS = ("lower", "higher", "none")
TARGET_KINDS = ("level", "below", "growth")
SETTINGS = ("kotihoito", "asumispalvelut")
MEASURED_AGAINST = {
    "incident_observation_share": "the incidents page compares the share of observations with it",
    "incident_reaction_days": "the incidents page counts the reports handled within it",
}
"""Indicators whose target other figures are measured against, so the catalogue must give their value."""
_REQUIRED = ("id", "name_fi", "name_en", "domain", "kind", "better", "description_fi")


@dataclass(frozen=True)
class Target:
    """One target: ``value`` in display units, the ``period`` it is for, who set it.

    ``kind``: ``level`` (reach the value), ``below`` (strictly under it: "under 14 days") or
    ``growth`` (better than the same period a year before; ``value`` is NaN).
    """

    value: float
    period: str
    source: str = "county"
    note: str = ""
    kind: str = "level"


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    id: str
    name_fi: str
    name_en: str
    domain: str
    kind: str
    better: str
    unit: str = ""
    setting: str | None = None
    name_sv: str = ""
    description_fi: str = ""
    description_en: str = ""
    description_sv: str = ""
    numerator_fi: str = ""
    numerator_en: str = ""
    numerator_sv: str = ""
    denominator_fi: str = ""
    denominator_en: str = ""
    denominator_sv: str = ""
    break_period: str | None = None
    risk_class: str | None = None
    target_minutes: float | None = None
    within_days: float | None = None
    """A share of cases handled within this many days (e.g. feedback answered within the promised time)."""
    targets: tuple[Target, ...] = field(default_factory=tuple)

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi

    def text(self, what: str, lang: str = "fi") -> str:
        """``description``, ``numerator`` or ``denominator`` in ``lang`` (falling back to Finnish)."""
        return getattr(self, f"{what}_{lang}", "") or getattr(self, f"{what}_fi")

    @property
    def target(self) -> Target | None:
        """The binding target: the county's own where set, else the national one."""
        county = [t for t in self.targets if t.source == "county"]
        return (county or list(self.targets) or [None])[0]

    @property
    def national_target(self) -> Target | None:
        """The national target, where the catalogue gives one (a county's own may be stricter)."""
        return next((t for t in self.targets if t.source == "national"), None)


@dataclass(frozen=True)
class Catalogue:
    """All indicators, in file order."""

    indicators: tuple[Indicator, ...]
    version: str = ""

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise DataError(f"Indicator '{indicator_id}' is not in the catalogue ({CATALOGUE_FILE}).")

    def by_domain(self, domain: str, setting: str | None = None) -> list[Indicator]:
        return [i for i in self.indicators if i.domain == domain and (setting is None or i.setting == setting)]

    def target_value(self, indicator_id: str) -> float:
        """The value of an indicator's binding target (display units), for figures measured against it."""
        return self.get(indicator_id).target.value

    def rescue_class(self, risk_class: str) -> Indicator | None:
        for ind in self.by_domain("rescue"):
            if ind.risk_class == risk_class:
                return ind
        return None

    def to_frame(self, lang: str = "fi") -> pd.DataFrame:
        """One row per indicator, for downloads: stable column names, texts in ``lang``.

        ``target`` is in display units (percent for shares); empty where there is none.
        """
        rows = []
        for ind in self.indicators:
            target = ind.target
            rows.append(
                {
                    "id": ind.id,
                    "name": ind.name(lang),
                    "domain": ind.domain,
                    "setting": ind.setting or "",
                    "kind": ind.kind,
                    "better": ind.better,
                    "unit": ind.unit,
                    "target": target.value if target else float("nan"),
                    "target_kind": target.kind if target else "",
                    "target_period": target.period if target else "",
                    "numerator": ind.text("numerator", lang),
                    "denominator": ind.text("denominator", lang),
                    "why": ind.text("description", lang),
                }
            )
        return pd.DataFrame(rows)


def _target(raw: dict) -> Target:
    kind = str(raw.get("kind", "level"))
    if kind not in TARGET_KINDS:
        raise ValueError(kind)
    value = float("nan") if kind == "growth" else float(raw["value"])
    return Target(value, str(raw.get("period", "")), str(raw.get("source", "county")), str(raw.get("note", "")), kind)


def load_catalogue(data_dir: Path | str) -> Catalogue:
    """Read and check ``indicators.toml``; raise DataError naming the file and the entry."""
    path = Path(data_dir) / CATALOGUE_FILE
    if not path.is_file():
        raise DataError(f"{path}: the indicator catalogue is missing.")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid TOML ({exc}).") from None
    entries = raw.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise DataError(f"{path}: no [[indicator]] entries.")
    seen: set[str] = set()
    indicators = []
    for position, entry in enumerate(entries, start=1):
        where = f"{path}: indicator #{position} ({entry.get('id', 'no id')})"
        missing = [key for key in _REQUIRED if not entry.get(key)]
        if missing:
            raise DataError(f"{where}: missing {', '.join(missing)}.")
        for key, allowed in (("domain", DOMAINS), ("kind", KINDS), ("better", DIRECTIONS)):
            if entry[key] not in allowed:
                raise DataError(f"{where}: {key} '{entry[key]}' is not one of {', '.join(allowed)}.")
        if entry["domain"] == "rai" and entry.get("setting") not in SETTINGS:
            raise DataError(f"{where}: a RAI indicator needs setting = {' or '.join(SETTINGS)}.")
        if entry["id"] in seen:
            raise DataError(f"{where}: the id is used twice.")
        seen.add(entry["id"])
        try:
            targets = tuple(_target(t) for t in entry.get("targets", []))
        except (KeyError, TypeError, ValueError):
            raise DataError(
                f"{where}: each target needs a numeric value (unless kind = \"growth\") and a kind of "
                f"{', '.join(TARGET_KINDS)}."
            ) from None
        known = {f for f in Indicator.__dataclass_fields__ if f != "targets"}
        fields = {k: v for k, v in entry.items() if k in known}
        indicators.append(Indicator(**fields, targets=targets))
    for indicator_id, use in MEASURED_AGAINST.items():
        found = [i for i in indicators if i.id == indicator_id]
        if not found or found[0].target is None or found[0].target.value != found[0].target.value:
            raise DataError(f"{path}: indicator {indicator_id} needs a target with a value: {use} "
                            f"(add it back, with targets = [{{ value = …, period = \"standing\" }}]).")
    return Catalogue(tuple(indicators), str(raw.get("catalogue_version", "")))

