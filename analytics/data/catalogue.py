"""The indicator catalogue: what each indicator is, which direction is better and its targets.

Read from ``indicators.toml`` in the data directory (human-editable, versioned with the data).
Target values are in display units: percent (0–100) for shares, days for reaction time. In words (directions,
targets, "why this indicator"): analytics.text.catalogue.

A county adds an indicator of its own without code: an entry with ``domain = "own"``, a ``kind`` of
OWN_KINDS and a ``grain`` of OWN_GRAINS; its values are rows of the ``own_values`` table (imported like any
other table), or, with ``sotkanet_id``, the Sotkanet rows of ``indicator_values`` (then the grain is a year).
Every error names the file and the line of the entry (or of the key that is wrong).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import OWN_GRAINS

CATALOGUE_FILE = "indicators.toml"
DOMAINS = ("rai", "incidents", "rescue", "experience", "own")
KINDS = ("share", "score", "count", "ratio", "days", "mean", "value")
OWN_KINDS = ("count", "share", "mean", "value")
"""Kinds of a county's own indicators: a count, a share (numerator / denominator × 100), a mean (sum / n, or a
value) or a value as such."""
SOTKANET_SOURCE = "sotkanet"
"""The ``source`` of the ``indicator_values`` rows an own indicator with a ``sotkanet_id`` reads."""
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
    grain: str | None = None
    """The time grain of an own indicator's values (one of OWN_GRAINS); required when ``domain`` is ``own``."""
    sotkanet_id: int | None = None
    """An own indicator whose values come from Sotkanet: the ``indicator_values`` rows with source ``sotkanet``,
    ``indicator`` = str(sotkanet_id) and gender ``total`` (yearly: ``grain`` is ``year``)."""
    synthetic: bool = False
    """Sample values, not a county's real figures (said on screen)."""
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

    def find(self, indicator_id: str) -> Indicator | None:
        """The indicator ``indicator_id``, or None where the catalogue does not have it (a county may leave out
        the indicators of a table it does not load)."""
        return next((ind for ind in self.indicators if ind.id == indicator_id), None)

    def get(self, indicator_id: str) -> Indicator:
        found = self.find(indicator_id)
        if found is not None:
            return found
        raise DataError(f"Indicator '{indicator_id}' is not in the catalogue ({CATALOGUE_FILE}).")

    def by_domain(self, domain: str, setting: str | None = None) -> list[Indicator]:
        return [i for i in self.indicators if i.domain == domain and (setting is None or i.setting == setting)]

    def target_value(self, indicator_id: str) -> float:
        """The value of an indicator's binding target (display units), for figures measured against it."""
        return self.get(indicator_id).target.value

    def own_values_indicators(self) -> list[Indicator]:
        """The own indicators whose values are rows of the ``own_values`` table (domain own, no sotkanet_id)."""
        return [i for i in self.by_domain("own") if i.sotkanet_id is None]

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


_HEADER = re.compile(r"^\s*\[\[\s*indicator\s*\]\]")
_TABLE = re.compile(r"^\s*\[\[?\s*[\w.\"' -]+\s*\]\]?\s*(#.*)?$")
"""A table header (``[name]`` or ``[[name]]``): it ends the entry above it."""


def _entry_lines(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers (1-based) of each ``[[indicator]]`` block, in file order (tomllib gives no
    positions: the headers are found by scanning the text)."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines, start=1) if _HEADER.match(line)]
    blocks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
        for n in range(start + 1, end + 1):  # a later [table] header ends the block too
            if _TABLE.match(lines[n - 1]):
                end = n - 1
                break
        blocks.append((start, end))
    return blocks


class _Where:
    """Names an entry's line, or the line of one of its keys, in the loader's messages."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.blocks = _entry_lines(text)

    def line(self, position: int, key: str | None = None) -> int | None:
        """The line of the ``position``-th (1-based) entry's header, or of ``key =`` inside it where present."""
        if position > len(self.blocks):
            return None
        start, end = self.blocks[position - 1]
        if key:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for n in range(start + 1, end + 1):
                if pattern.match(self.lines[n - 1]):
                    return n
        return start

    def __call__(self, position: int, entry: dict, key: str | None = None) -> str:
        line = self.line(position, key)
        at = f", line {line}" if line else ""
        name = f"indicator {entry['id']}" if entry.get("id") else f"indicator #{position}, no id"
        return f"{self.path}{at} ({name})"


def _own_problem(entry: dict) -> tuple[str | None, str] | None:
    """(the key at fault or None for the entry, problem) for the own-indicator rules: grain, kind, sotkanet_id and
    synthetic; None when all is well."""
    grain, own = entry.get("grain"), entry["domain"] == "own"
    if own and grain is None:
        return None, f"an own indicator needs grain = one of {', '.join(OWN_GRAINS)}."
    if grain is not None and grain not in OWN_GRAINS:
        return "grain", f"grain '{grain}' is not one of {', '.join(OWN_GRAINS)}."
    if own and entry["kind"] not in OWN_KINDS:
        return "kind", f"kind '{entry['kind']}' is not one of the kinds of an own indicator: {', '.join(OWN_KINDS)}."
    sotkanet = entry.get("sotkanet_id")
    if sotkanet is not None:
        if isinstance(sotkanet, bool) or not isinstance(sotkanet, int) or sotkanet <= 0:
            return "sotkanet_id", f"sotkanet_id '{sotkanet}' is not a Sotkanet indicator number (a whole number)."
        if grain is None:
            return "sotkanet_id", f"sotkanet_id = {sotkanet} needs grain = \"year\" (Sotkanet values are yearly)."
        if grain != "year":
            return "grain", (f"grain '{grain}' does not fit sotkanet_id = {sotkanet}: Sotkanet values are yearly, "
                             "write grain = \"year\".")
    if "synthetic" in entry and not isinstance(entry["synthetic"], bool):
        return "synthetic", f"synthetic '{entry['synthetic']}' is not true or false."
    return None


def load_catalogue(data_dir: Path | str) -> Catalogue:
    """Read and check ``indicators.toml``; raise DataError naming the file, the line and the entry."""
    path = Path(data_dir) / CATALOGUE_FILE
    if not path.is_file():
        raise DataError(f"{path}: the indicator catalogue is missing.")
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid TOML ({exc}).") from None
    entries = raw.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise DataError(f"{path}: no [[indicator]] entries.")
    where = _Where(path, text)
    seen: set[str] = set()
    indicators = []
    for position, entry in enumerate(entries, start=1):
        missing = [key for key in _REQUIRED if not entry.get(key)]
        if missing:
            raise DataError(f"{where(position, entry)}: missing {', '.join(missing)}.")
        for key, allowed in (("domain", DOMAINS), ("kind", KINDS), ("better", DIRECTIONS)):
            if entry[key] not in allowed:
                raise DataError(f"{where(position, entry, key)}: {key} '{entry[key]}' is not one of "
                                f"{', '.join(allowed)}.")
        if entry["domain"] == "rai" and entry.get("setting") not in SETTINGS:
            raise DataError(f"{where(position, entry, 'setting')}: a RAI indicator needs setting = "
                            f"{' or '.join(SETTINGS)}.")
        own = _own_problem(entry)
        if own is not None:
            raise DataError(f"{where(position, entry, own[0])}: {own[1]}")
        if entry["id"] in seen:
            raise DataError(f"{where(position, entry, 'id')}: the id is used twice.")
        seen.add(entry["id"])
        try:
            targets = tuple(_target(t) for t in entry.get("targets", []))
        except (KeyError, TypeError, ValueError):
            raise DataError(
                f"{where(position, entry, 'targets')}: each target needs a numeric value (unless kind = \"growth\") "
                f"and a kind of {', '.join(TARGET_KINDS)}."
            ) from None
        known = {f for f in Indicator.__dataclass_fields__ if f != "targets"}
        fields = {k: v for k, v in entry.items() if k in known}
        indicators.append(Indicator(**fields, targets=targets))
    for indicator_id, use in MEASURED_AGAINST.items():
        found = [(n, i) for n, i in enumerate(indicators, start=1) if i.id == indicator_id]
        if not found or found[0][1].target is None or found[0][1].target.value != found[0][1].target.value:
            line = where.line(found[0][0], "targets") if found else None
            at = f", line {line}" if line else ""
            raise DataError(f"{path}{at}: indicator {indicator_id} needs a target with a value: {use} "
                            f"(add it back, with targets = [{{ value = …, period = \"standing\" }}]).")
    return Catalogue(tuple(indicators), str(raw.get("catalogue_version", "")))
