"""Chart builders: each returns a Vega-Lite spec (``Spec``, a dict; never renders) with tooltips, a
title and the number and date formats of the chosen language.

Written as dicts rather than Altair objects: Altair builds, deep-copies and validates a schema object
per mark, encoding and layer, 20–60 ms per chart on every rerun, which was most of a page's time at
national scale. ``validate`` checks a spec against Vega-Lite's JSON schema (the tests do it for every
chart a page draws)."""
from __future__ import annotations

import json
import threading

import pandas as pd

from analytics.text.i18n import d3_format_locale, t

UNIT_FORMATS = {"count": ",.0f", "pct": ",.1f", "ratio": ",.2f", "days": ",.0f", "eur": ",.0f"}
ACCENT = "#1f5aa6"  # blue, safe for colour-blind readers against the orange target rule
OTHER_COLOUR = "#9aa5b1"
"""The other rows when one is highlighted."""
TARGET_COLOUR = "#d95f02"
PALE_ACCENT = "#9bb3d6"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
_TYPES = {"N": "nominal", "Q": "quantitative", "T": "temporal"}


class Spec(dict):
    """A Vega-Lite spec written as a dict. ``to_dict`` makes it usable wherever an Altair chart would
    be (PNG/SVG exports through vl-convert, the HTML report)."""

    def to_dict(self, **_: object) -> dict:
        return dict(self)


TIME_LOCALES = {
    "fi": (["sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"],
           ["Su", "Ma", "Ti", "Ke", "To", "Pe", "La"],
           ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu", "syyskuu",
            "lokakuu", "marraskuu", "joulukuu"],
           ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu"]),
    "sv": (["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
           ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
           ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
            "november", "december"],
           ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
}
"""Day and month names for chart axes and tooltips (English is Vega's default)."""


def _locale(lang: str) -> dict:
    locale: dict = {"number": d3_format_locale(lang)}
    if lang in TIME_LOCALES:
        days, short_days, months, short_months = TIME_LOCALES[lang]
        locale["time"] = {"dateTime": "%-d.%-m.%Y %H:%M", "date": "%-d.%-m.%Y", "time": "%H:%M:%S",
                          "periods": ["a.m.", "p.m."], "days": days, "shortDays": short_days, "months": months,
                          "shortMonths": short_months}
    return locale


def sparkline(trend: pd.DataFrame, unit: str, title: str, lang: str, target: float | None = None) -> Spec:
    """A small month-by-month line of ``trend`` (columns month, value) with an optional target rule."""
    fmt = UNIT_FORMATS.get(unit, ",.1f")
    layers: list[dict] = [{
        "data": {"values": _records(trend[["month", "value"]])},
        "mark": {"type": "line", "color": ACCENT, "point": {"size": 12, "color": ACCENT}},
        "encoding": {
            "x": _f("month", "T", title=None, axis={"format": "%m/%y", "labelAngle": 0, "tickCount": 4, "grid": False}),
            "y": _f("value", "Q", title=None, axis={"format": fmt, "tickCount": 3}, scale={"zero": False}),
            "tooltip": [_tip("month", "T", t("word.month", lang), "%m/%Y"), _tip("value", "Q", t("word.value", lang), fmt)],
        },
    }]
    if target is not None:
        layers.append(_target_rule(target, lang, fmt))
    return _spec(title, lang, title_size=12, layer=layers, height=110)


PALETTE = ["#1f5aa6", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e"]
"""Colour-blind-safe categorical colours (blue, orange, green, purple, pink, olive)."""
SIGNAL_COLOUR = "#c62828"
LIMIT_COLOUR = "#8a8a8a"


def _f(field: str, kind: str, **more: object) -> dict:
    """An encoding channel: ``_f("value", "Q", title=…)``."""
    return {"field": field, "type": _TYPES[kind], **more}


def _tip(field: str, kind: str, title: str, fmt: str | None = None) -> dict:
    return _f(field, kind, title=title, **({"format": fmt} if fmt else {}))


def _spec(title: str, lang: str, title_size: int = 14, **body: object) -> Spec:
    """A top-level spec with the title and the language's locale."""
    return Spec({"$schema": SCHEMA, **body, "title": {"text": title, "anchor": "start", "fontSize": title_size},
                 "config": {"locale": _locale(lang)}})


def _target_rule(target: float, lang: str, fmt: str, colour: str = TARGET_COLOUR, dash: tuple = (4, 3),
                 **mark: object) -> dict:
    return {"data": {"values": [{"target": float(target)}]},
            "mark": {"type": "rule", "color": colour, "strokeDash": list(dash), **mark},
            "encoding": {"y": _f("target", "Q"), "tooltip": [_tip("target", "Q", t("word.target", lang), fmt)]}}


_IMPORT_LOCK = threading.Lock()
"""Altair is imported on first validation; several sessions' threads doing that at once met its circular
imports half done ("cannot import name 'SCHEMA_VERSION' from partially initialized module")."""


def validate(spec: dict) -> None:
    """Raise if Vega-Lite's JSON schema rejects ``spec``."""
    with _IMPORT_LOCK:
        from altair.utils.schemapi import validate_jsonschema
        from altair.vegalite.v6.schema import load_schema

    validate_jsonschema(dict(spec), load_schema())


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts for a spec: dates as ISO text, NaN as null, numpy numbers as Python's."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            columns[name] = [None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%dT%H:%M:%S") for v in column]
        elif pd.api.types.is_bool_dtype(column):
            columns[name] = [bool(v) for v in column]
        elif pd.api.types.is_numeric_dtype(column):
            columns[name] = [None if v != v else float(v) for v in column.astype(float)]
        else:
            columns[name] = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in column]
    return [dict(zip(columns, row)) for row in zip(*columns.values())]


def control_chart(table: pd.DataFrame, title: str, lang: str, value_title: str, x: str = "month", y: str = "count",
                  fmt: str = ",.0f", x_format: str = "%m/%y", target: float | None = None,
                  period: str | None = None) -> Spec:
    """Values over time with the centre line and 3-sigma limits; signals as red diamonds.

    ``table`` has ``x`` (dates), ``y``, centre, lower, upper and signal (same units as ``y``), and
    optionally ``same_tertial`` (those points are ringed) and ``period`` (a label for the tooltip
    instead of the formatted date). ``target`` draws an orange dashed rule.
    """
    normal, signal = t("chart.normal", lang), t("chart.signal", lang)
    columns = [c for c in dict.fromkeys([x, y, "centre", "lower", "upper", period]) if c]
    frame = table[columns].assign(
        kind=[signal if s else normal for s in table["signal"]],
        highlight=[t("chart.same_tertial", lang) if h else "" for h in table.get("same_tertial", [False] * len(table))],
    )
    first = _tip(period, "N", t("word.period", lang)) if period else _tip(x, "T", t("word.month", lang), "%m/%Y")
    tooltip = [first, _tip(y, "Q", value_title, fmt),
               *(_tip(name, "Q", t(f"chart.{name}", lang), ",.1f") for name in ("centre", "lower", "upper")),
               _tip("kind", "N", t("chart.point", lang))]
    x_enc = _f(x, "T", title=None, axis={"format": x_format, "labelAngle": 0, "grid": False})

    def line(field: str, **mark: object) -> dict:
        return {"mark": {"type": "line", **mark}, "encoding": {"x": x_enc, "y": _f(field, "Q")}}

    kinds = {"domain": [normal, signal]}
    layers = [
        line("upper", color=LIMIT_COLOUR, strokeDash=[4, 3], interpolate="step-after"),
        line("lower", color=LIMIT_COLOUR, strokeDash=[4, 3], interpolate="step-after"),
        line("centre", color=LIMIT_COLOUR, strokeWidth=1.5),
        {"mark": {"type": "line", "color": ACCENT},
         "encoding": {"x": x_enc, "y": _f(y, "Q", title=value_title, axis={"format": fmt}, scale={"zero": False})}},
        {"transform": [{"filter": "datum.highlight !== ''"}],
         "mark": {"type": "point", "size": 140, "color": ACCENT, "filled": False, "strokeWidth": 1.5},
         "encoding": {"x": x_enc, "y": _f(y, "Q")}},
        {"mark": {"type": "point", "filled": True, "size": 45},
         "encoding": {"x": x_enc, "y": _f(y, "Q"),
                      "color": _f("kind", "N", title=None, legend={"orient": "bottom"},
                                  scale={**kinds, "range": [ACCENT, SIGNAL_COLOUR]}),
                      "shape": _f("kind", "N", legend=None, scale={**kinds, "range": ["circle", "diamond"]}),
                      "tooltip": tooltip}},
    ]
    if target is not None:
        layers.append(_target_rule(target, lang, fmt, dash=(6, 3), strokeWidth=1.5))
    return _spec(title, lang, data={"values": _records(frame)}, layer=layers, height=300)


def lines(frame: pd.DataFrame, x: str, y: str, colour: str | None, title: str, lang: str, y_title: str,
          fmt: str = ",.0f", target: float | None = None, x_title: str | None = None,
          temporal: bool = True) -> Spec:
    """One line per ``colour`` value (or one line) over ``x``, with an optional target rule and tooltips."""
    x_enc = (_f(x, "T", title=x_title, axis={"format": "%m/%y", "labelAngle": 0, "grid": False}) if temporal
             else _f(x, "N", title=x_title, sort=None, axis={"labelAngle": 0}))
    tooltip = [_tip(x, "T", t("word.month", lang), "%m/%Y") if temporal else _tip(x, "N", x_title or x)]
    encoding = {"x": x_enc, "y": _f(y, "Q", title=y_title, axis={"format": fmt})}
    mark: dict = {"type": "line", "point": True}
    if colour:
        encoding["color"] = _f(colour, "N", title=None, legend={"orient": "bottom"}, scale={"range": PALETTE})
        tooltip.append(_tip(colour, "N", t("chart.series", lang)))
    else:
        mark["color"] = ACCENT
    tooltip.append(_tip(y, "Q", y_title, fmt))
    columns = [c for c in dict.fromkeys([x, y, colour]) if c]
    layers = [{"data": {"values": _records(frame[columns])}, "mark": mark, "encoding": {**encoding, "tooltip": tooltip}}]
    if target is not None:
        layers.append(_target_rule(target, lang, fmt))
    return _spec(title, lang, layer=layers, height=260)


def bars(frame: pd.DataFrame, category: str, value: str, title: str, lang: str, value_title: str,
         fmt: str = ",.1f", horizontal: bool = True, selection: str | None = None, selected: str | None = None,
         code: str | None = None, colour: str | None = None,
         extra_tooltips: tuple[tuple[str, str, str], ...] = ()) -> Spec:
    """Bars of ``value`` per ``category`` in the frame's order.

    ``selection``: the bars are clickable (a point selection of that name on the ``code`` field) and
    the ``selected`` code is highlighted. ``colour``: a field whose values colour the bars (with a legend).
    ``extra_tooltips``: (field, title, format) of more quantitative fields.
    """
    order = list(frame[category])
    cat = _f(category, "N", title=None, sort=order, axis={"labelLimit": 260} if horizontal else {"labelAngle": 0})
    val = _f(value, "Q", title=value_title, axis={"format": fmt})
    tooltip = [_tip(category, "N", t("chart.series", lang)), _tip(value, "Q", value_title, fmt)]
    tooltip += [_tip(field, "Q", name, f) for field, name, f in extra_tooltips]
    encoding: dict = {"y": cat, "x": val} if horizontal else {"x": cat, "y": val}
    unit: dict = {}
    if selection and code:
        unit["params"] = [{"name": selection, "select": {"type": "point", "fields": [code], "on": "click",
                                                          "clear": "dblclick"}}]
        test = ({"param": selection, "empty": True} if selected is None
                else {"test": f"datum[{json.dumps(code)}] === {json.dumps(selected)}"})
        encoding["color"] = {"condition": {**test, "value": ACCENT}, "value": PALE_ACCENT}
    elif colour:
        domain = list(dict.fromkeys(frame[colour]))  # in the frame's order: first value blue, second orange
        encoding["color"] = _f(colour, "N", title=None, legend={"orient": "bottom"},
                               scale={"domain": domain, "range": [ACCENT, TARGET_COLOUR]})
    else:
        encoding["color"] = {"value": ACCENT}
    columns = [c for c in dict.fromkeys([category, value, code, colour, *(f for f, _, _ in extra_tooltips)]) if c]
    return _spec(title, lang, data={"values": _records(frame[columns])}, mark={"type": "bar"},
                 encoding={**encoding, "tooltip": tooltip}, height={"step": 26} if horizontal else 260, **unit)


NATIONAL_COLOUR = "#6b6b6b"


def small_multiples(frame: pd.DataFrame, title: str, lang: str, columns: int = 3) -> Spec:
    """One small chart per indicator over the half-years: the county line, the national line, the
    target (dashed) and a vertical rule at a break in the series. Each panel has its own y scale.

    ``frame``: indicator (name), period (label), county, national, target, is_break, value_format
    (``%`` or ``score``) — the values rounded as shown. Missing values (hidden small numbers) leave gaps.
    """
    order = list(dict.fromkeys(frame["indicator"]))
    periods = list(dict.fromkeys(frame.sort_values(["year", "half"])["period"]))
    county_name, national_name = t("rai.series_county", lang), t("word.national", lang)
    long = frame.melt(id_vars=["indicator", "period", "target", "is_break"], value_vars=["county", "national"],
                      var_name="series", value_name="value")
    long["series"] = long["series"].map({"county": county_name, "national": national_name})
    long["kind"] = "line"
    targets = frame.assign(series=t("word.target", lang), value=frame["target"], kind="target")
    breaks = frame[frame["is_break"]].assign(series=t("rai.break", lang), value=float("nan"), kind="break")
    data = pd.concat([long, targets[long.columns], breaks[long.columns]], ignore_index=True)
    x = _f("period", "N", sort=periods, title=None, axis={"labelAngle": -45, "labelFontSize": 9})
    tooltip = [_tip("indicator", "N", t("word.indicator", lang)), _tip("period", "N", t("word.period", lang)),
               _tip("series", "N", t("chart.series", lang)), _tip("value", "Q", t("word.value", lang), ",.2~f")]
    lines_layer = {
        "transform": [{"filter": "datum.kind === 'line'"}], "mark": {"type": "line", "point": True},
        "encoding": {
            "x": x, "y": _f("value", "Q", title=None, scale={"zero": False}, axis={"format": ",.2~f", "tickCount": 4}),
            "color": _f("series", "N", title=None, legend={"orient": "bottom"},
                        scale={"domain": [county_name, national_name, t("word.target", lang)],
                               "range": [ACCENT, NATIONAL_COLOUR, TARGET_COLOUR]}),
            "strokeDash": _f("series", "N", legend=None,
                             scale={"domain": [county_name, national_name], "range": [[1, 0], [4, 3]]}),
            "tooltip": tooltip}}
    target = {"transform": [{"filter": "datum.kind === 'target'"}],
              "mark": {"type": "line", "color": TARGET_COLOUR, "strokeDash": [2, 2], "strokeWidth": 1.5},
              "encoding": {"x": x, "y": _f("value", "Q"),
                           "tooltip": tooltip[:3] + [_tip("value", "Q", t("word.target", lang), ",.2~f")]}}
    rule = {"transform": [{"filter": "datum.kind === 'break'"}],
            "mark": {"type": "rule", "color": SIGNAL_COLOUR, "strokeWidth": 2},
            "encoding": {"x": x, "tooltip": [_tip("period", "N", t("rai.break", lang))]}}
    return _spec(title, lang, data={"values": _records(data[["indicator", "period", "series", "value", "kind"]])},
                 facet=_f("indicator", "N", sort=order, title=None, header={"labelFontSize": 11, "labelLimit": 230}),
                 columns=columns, spec={"layer": [lines_layer, target, rule], "width": 230, "height": 130},
                 resolve={"scale": {"y": "independent"}})


def funnel_plot(units: pd.DataFrame, curves: pd.DataFrame, centre_pct: float, title: str, lang: str,
                value_title: str, selection: str | None = None, selected: str | None = None) -> Spec:
    """Units' shares (percent) against their number of assessed clients, with the 95 % (dashed) and
    99,8 % (solid) limits and the centre line. Units outside the 99,8 % limits are red diamonds.

    ``units``: unit, unit_id, assessed, value_pct, flag, verdict (words).
    ``curves``: denominator, lower95, upper95, lower998, upper998 (percent).
    The limit lines start at half the smallest unit's size and the y axis spans the units and the
    limits there, so that the region where units lie fills the chart.
    ``selection``: clicking a point selects its unit_id under that name; ``selected`` is ringed.
    """
    smallest = float(units["assessed"].min())
    curves = curves[curves["denominator"] >= max(1.0, smallest / 2)]
    at_smallest = curves.iloc[(curves["denominator"] - smallest).abs().argmin()]
    top = min(100.0, max(float(units["value_pct"].max()), float(at_smallest["upper998"]), centre_pct) * 1.1)
    bottom = max(0.0, min(float(units["value_pct"].min()), float(at_smallest["lower998"]), centre_pct) * 0.9)
    x = _f("n", "Q", title=t("rai.assessed", lang), scale={"zero": True})
    y = _f("value", "Q", title=value_title, axis={"format": ",.1f"}, scale={"domain": [bottom, top]})
    limit_names = {"lower95": t("rai.limit95", lang), "upper95": t("rai.limit95", lang),
                   "lower998": t("rai.limit998", lang), "upper998": t("rai.limit998", lang)}
    long = curves[["denominator", *limit_names]].melt(id_vars="denominator", var_name="limit",
                                                      value_name="value").rename(columns={"denominator": "n"})
    long["level"] = long["limit"].map(limit_names)
    limits = {"data": {"values": _records(long)}, "mark": {"type": "line", "color": LIMIT_COLOUR, "clip": True},
              "encoding": {"x": x, "y": y, "detail": _f("limit", "N"),
                           "strokeDash": _f("level", "N", title=None, legend={"orient": "bottom"},
                                            scale={"domain": [t("rai.limit95", lang), t("rai.limit998", lang)],
                                                   "range": [[4, 3], [1, 0]]}),
                           "tooltip": [_tip("level", "N", t("chart.series", lang)),
                                       _tip("n", "Q", t("rai.assessed", lang), ",.0f"),
                                       _tip("value", "Q", value_title, ",.1f")]}}
    centre = {"data": {"values": [{"value": float(centre_pct)}]},
              "mark": {"type": "rule", "color": ACCENT, "strokeWidth": 1.5},
              "encoding": {"y": _f("value", "Q"), "tooltip": [_tip("value", "Q", t("chart.centre", lang), ",.1f")]}}
    inside, outside = t("rai.flag.within", lang), t("rai.outside", lang)
    points_data = units.rename(columns={"assessed": "n", "value_pct": "value"}).assign(
        kind=[outside if f in ("above", "below") else inside for f in units["flag"]])[
        ["unit", "unit_id", "n", "value", "verdict", "kind"]]
    points: dict = {
        "data": {"values": _records(points_data)}, "mark": {"type": "point", "filled": True, "size": 90},
        "encoding": {"x": x, "y": y,
                     "color": _f("kind", "N", title=None, scale={"domain": [inside, outside],
                                                                 "range": [ACCENT, SIGNAL_COLOUR]},
                                 legend={"orient": "bottom", "labelLimit": 320}),
                     "shape": _f("kind", "N", legend=None,
                                 scale={"domain": [inside, outside], "range": ["circle", "diamond"]}),
                     "tooltip": [_tip("unit", "N", t("rai.choose_unit", lang)),
                                 _tip("n", "Q", t("rai.assessed", lang), ",.0f"), _tip("value", "Q", value_title, ",.1f"),
                                 _tip("verdict", "N", t("rai.difference", lang))]}}
    if selection:
        points["params"] = [{"name": selection, "select": {"type": "point", "fields": ["unit_id"], "on": "click",
                                                            "clear": "dblclick"}}]
    layers = [limits, centre, points]
    if selected is not None and (points_data["unit_id"] == selected).any():
        layers.append({"data": {"values": _records(points_data[points_data["unit_id"] == selected])},
                       "mark": {"type": "point", "size": 380, "color": "#000000", "strokeWidth": 2, "filled": False},
                       "encoding": {"x": x, "y": y}})
    return _spec(title, lang, layer=layers, height=400)


def profile_dots(frame: pd.DataFrame, title: str, lang: str, value_title: str) -> Spec:
    """One row per indicator: the unit's value (filled), the county's (ring) and the national (tick).

    ``frame``: indicator (name), who (unit / county / national label), value (percent), verdict.
    """
    order = list(dict.fromkeys(frame["indicator"]))
    names = list(dict.fromkeys(frame["who"]))
    y = _f("indicator", "N", sort=order, title=None, axis={"labelLimit": 320})
    x = _f("value", "Q", title=value_title, axis={"format": ",.0f"})
    tooltip = [_tip("indicator", "N", t("word.indicator", lang)), _tip("who", "N", t("chart.series", lang)),
               _tip("value", "Q", value_title, ",.1f"), _tip("verdict", "N", t("rai.difference", lang))]
    span = {"mark": {"type": "rule", "color": "#c8c8c8"},
            "encoding": {"y": y, "x": {"aggregate": "min", "field": "value", "type": "quantitative"},
                         "x2": {"aggregate": "max", "field": "value"}}}
    colours = [ACCENT, TARGET_COLOUR, NATIONAL_COLOUR][: len(names)]
    dots = {"mark": {"type": "point", "size": 110, "filled": True},
            "encoding": {"y": y, "x": x, "tooltip": tooltip,
                         "color": _f("who", "N", title=None, legend={"orient": "bottom"},
                                     scale={"domain": names, "range": colours}),
                         "shape": _f("who", "N", legend=None,
                                     scale={"domain": names, "range": ["circle", "diamond", "triangle-up"][: len(names)]})}}
    return _spec(title, lang, data={"values": _records(frame[["indicator", "who", "value", "verdict"]])},
                 layer=[span, dots], height={"step": 26})


def interval_dots(frame: pd.DataFrame, title: str, lang: str, value_title: str, highlight: str | None = None,
                  domain: tuple[float, float] | None = (0, 100), target_title: str | None = None) -> Spec:
    """One row per category: the value (dot) with its interval (bar) and the target (orange tick).

    ``frame``: name, value, lower, upper, target (all percent), n; rows without a value are left out.
    ``highlight``: the name drawn in the accent colour, the others grey. ``domain``: the value axis
    (None: from zero to the data). ``target_title``: the tick's name in the tooltip (default: target).
    """
    shown = frame[frame["value"].notna()]
    data = shown[["name", "value", "lower", "upper", "target", "n"]].assign(
        colour=[ACCENT if highlight is None or name == highlight else OTHER_COLOUR for name in shown["name"]])
    y = {"field": "name", "type": "nominal", "title": None, "sort": list(data["name"]), "axis": {"labelLimit": 260}}
    scale = {"domain": list(domain)} if domain else {"zero": True}
    x = {"field": "value", "type": "quantitative", "title": value_title, "scale": scale,
         "axis": {"format": ",.0f" if domain else ",.1f"}}
    tooltip = [{"field": "name", "type": "nominal", "title": t("chart.series", lang)},
               {"field": "value", "type": "quantitative", "title": value_title, "format": ",.1f"},
               {"field": "lower", "type": "quantitative", "title": t("chart.lower", lang), "format": ",.1f"},
               {"field": "upper", "type": "quantitative", "title": t("chart.upper", lang), "format": ",.1f"},
               {"field": "target", "type": "quantitative", "title": target_title or t("word.target", lang), "format": ",.1f"},
               {"field": "n", "type": "quantitative", "title": "n", "format": ",.0f"}]
    colour = {"field": "colour", "type": "nominal", "scale": None, "legend": None}
    layers = [
        {"mark": {"type": "rule", "strokeWidth": 3},
         "encoding": {"y": y, "x": {"field": "lower", "type": "quantitative"},
                      "x2": {"field": "upper"}, "color": colour, "tooltip": tooltip}},
        {"mark": {"type": "point", "filled": True, "size": 120},
         "encoding": {"y": y, "x": x, "color": colour, "tooltip": tooltip}},
        {"transform": [{"filter": "isValid(datum.target)"}],
         "mark": {"type": "tick", "color": TARGET_COLOUR, "thickness": 3, "size": 26},
         "encoding": {"y": y, "x": {"field": "target", "type": "quantitative"}, "tooltip": tooltip}},
    ]
    step = 40 if len(data) <= 8 else 24
    return _spec(title, lang, data={"values": _records(data)}, layer=layers, height={"step": step})


def ecdf_chart(frame: pd.DataFrame, rules: pd.DataFrame, title: str, lang: str, x_title: str,
               y_title: str) -> Spec:
    """Cumulative shares (percent) over minutes, one step line per series, with a vertical rule at
    each series' target minutes and a horizontal rule at 50 %.

    ``frame``: series, minutes, share_pct. ``rules``: series, minutes (the target time).
    """
    names = list(dict.fromkeys(frame["series"]))
    colour = _f("series", "N", title=None, legend={"orient": "bottom"},
                scale={"domain": names, "range": PALETTE[: len(names)]})
    x = _f("minutes", "Q", title=x_title, axis={"format": ",.0f"})
    y = _f("share_pct", "Q", title=y_title, scale={"domain": [0, 100]}, axis={"format": ",.0f"})
    curves = {"data": {"values": _records(frame[["series", "minutes", "share_pct"]])},
              "mark": {"type": "line", "interpolate": "step-after"},
              "encoding": {"x": x, "y": y, "color": colour,
                           "tooltip": [_tip("series", "N", t("chart.series", lang)), _tip("minutes", "Q", x_title, ",.1f"),
                                       _tip("share_pct", "Q", y_title, ",.1f")]}}
    targets = {"data": {"values": _records(rules[["series", "minutes"]])},
               "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5},
               "encoding": {"x": _f("minutes", "Q"), "color": colour,
                            "tooltip": [_tip("series", "N", t("chart.series", lang)),
                                        _tip("minutes", "Q", t("word.target", lang), ",.0f")]}}
    half = {"data": {"values": [{"share_pct": 50.0}]},
            "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [2, 2]}, "encoding": {"y": _f("share_pct", "Q")}}
    return _spec(title, lang, layer=[curves, targets, half], height=320)


def forecast_fan(frame: pd.DataFrame, title: str, lang: str, value_title: str, fmt: str = ",.0f",
                 target: float | None = None) -> Spec:
    """History (blue), the model's fitted values (grey dashes), the forecast (orange) with its 95 %
    and 80 % bands, and an optional target rule. ``frame``: as analytics.views.forecasts.chart_frame."""
    names = {w: t(f"forecast.what.{w}", lang) for w in ("history", "fitted", "forecast")}
    data = frame.assign(series=frame["what"].map(names))
    x = _f("date", "T", title=None, axis={"format": "%m/%y", "labelAngle": 0, "grid": False})
    y = _f("value", "Q", title=value_title, axis={"format": fmt}, scale={"zero": False})
    future = data[data["what"] == "forecast"]
    band_tip = [_tip("period", "N", t("word.period", lang)), _tip("value", "Q", names["forecast"], fmt),
                _tip("lower80", "Q", t("forecast.band80", lang) + " –", fmt),
                _tip("upper80", "Q", t("forecast.band80", lang) + " +", fmt),
                _tip("lower95", "Q", t("forecast.band95", lang) + " –", fmt),
                _tip("upper95", "Q", t("forecast.band95", lang) + " +", fmt)]
    band_columns = ["date", "period", "value", "lower80", "upper80", "lower95", "upper95"]
    bands = [{"data": {"values": _records(future[band_columns])},
              "mark": {"type": "area", "color": TARGET_COLOUR, "opacity": opacity},
              "encoding": {"x": x, "y": _f(f"lower{level}", "Q"), "y2": {"field": f"upper{level}"}, "tooltip": band_tip}}
             for level, opacity in (("95", 0.15), ("80", 0.3))]
    colour = _f("series", "N", title=None, legend={"orient": "bottom"},
                scale={"domain": list(names.values()), "range": [ACCENT, LIMIT_COLOUR, TARGET_COLOUR]})
    drawn = data.dropna(subset=["value"])[["date", "period", "series", "value"]]
    line = {"data": {"values": _records(drawn)}, "mark": {"type": "line", "point": {"size": 18}},
            "encoding": {"x": x, "y": y, "color": colour,
                         "strokeDash": _f("series", "N", legend=None, scale={"domain": list(names.values()),
                                                                             "range": [[1, 0], [4, 3], [1, 0]]}),
                         "tooltip": [_tip("period", "N", t("word.period", lang)),
                                     _tip("series", "N", t("chart.series", lang)), _tip("value", "Q", value_title, fmt)]}}
    layers = [*bands, line]
    if target is not None:
        layers.append(_target_rule(target, lang, fmt, colour=SIGNAL_COLOUR, dash=(6, 3)))
    return _spec(title, lang, layer=layers, height=340)


def projector(chart: Spec) -> Spec:
    """Bigger text for a projector: axis labels, titles and legends readable from the back of a room."""
    config = {**chart.get("config", {}), "axis": {"labelFontSize": 16, "titleFontSize": 17},
              "legend": {"labelFontSize": 16, "symbolSize": 160}, "title": {"fontSize": 22}}
    return Spec({**chart, "title": {**chart.get("title", {}), "fontSize": 22}, "config": config})


def with_height(chart: Spec, height: int) -> Spec:
    """The chart at another height (a faceted chart keeps its panels' size)."""
    return chart if "facet" in chart else Spec({**chart, "height": height})


def paired_bars(frame: pd.DataFrame, category: str, pair: str, value: str, title: str, lang: str,
                value_title: str, order: list[str]) -> Spec:
    """Horizontal bars per ``category``, one bar per ``pair`` value (e.g. now and a year before)."""
    cats = list(dict.fromkeys(frame[category]))
    encoding = {
        "y": _f(category, "N", title=None, sort=cats, axis={"labelLimit": 300}),
        "yOffset": _f(pair, "N", sort=order),
        "x": _f(value, "Q", title=value_title, axis={"format": ",.0f"}),
        "color": _f(pair, "N", title=None, legend={"orient": "bottom"},
                    scale={"domain": order, "range": [ACCENT, PALE_ACCENT]}),
        "tooltip": [_tip(category, "N", t("chart.series", lang)), _tip(pair, "N", t("word.period", lang)),
                    _tip(value, "Q", value_title, ",.0f")],
    }
    return _spec(title, lang, data={"values": _records(frame[[category, pair, value]])}, mark={"type": "bar"},
                 encoding=encoding, height={"step": 22})


def goal_chart(frame: pd.DataFrame, title: str, lang: str, value_title: str, target: float, fmt: str = ",.0f") -> Spec:
    """A binding goal's KPI per quarter (``frame``: quarter, value, target, share_pct, evaluation, from
    ``analytics.text.goals.chart_frame``) as a line with labelled points, and its target as a dashed rule; the
    tooltip gives the value, the target, the share of the goal met and the evaluation in words. The value axis
    spans the values and the target with a margin (not from zero: the distance to the target is what matters)."""
    quarter = _f("quarter", "N", title=t("goals.col.quarter", lang), sort=None, axis={"labelAngle": 0},
                 scale={"domain": ["Q1", "Q2", "Q3", "Q4"]})
    values = frame[frame["value"].notna()]
    shown = [float(v) for v in values["value"]] + [float(target)]
    low, high = min(shown), max(shown)
    pad = max((high - low) * 0.3, abs(high) * 0.05, 0.5)
    scale = {"domain": [low - pad if low - pad < 0 or low < 0 else max(low - pad, 0.0), high + pad], "nice": False}
    y = _f("value", "Q", title=value_title, axis={"format": fmt, "tickCount": 5}, scale=scale)
    tooltip = [_tip("quarter", "N", t("goals.col.quarter", lang)), _tip("value", "Q", value_title, fmt),
               _tip("target", "Q", t("word.target", lang), fmt),
               _tip("share_pct", "Q", t("goals.col.share", lang) + " (%)", ",.0f"),
               _tip("evaluation", "N", t("goals.col.evaluation", lang))]
    data = {"values": _records(values[["quarter", "value", "target", "share_pct", "evaluation"]])}
    rule = _target_rule(target, lang, fmt, strokeWidth=2)
    rule["encoding"]["y"] = {**rule["encoding"]["y"], "scale": scale}
    label = {"data": {"values": [{"target": float(target), "text": t("word.target", lang)}]},
             "mark": {"type": "text", "align": "left", "dx": 4, "dy": -8, "color": TARGET_COLOUR, "fontSize": 12},
             "encoding": {"x": {"value": 0}, "y": _f("target", "Q", scale=scale), "text": _f("text", "N")}}
    layers = [{"data": data, "mark": {"type": "line", "point": {"size": 80, "filled": True}, "color": ACCENT},
               "encoding": {"x": quarter, "y": y, "tooltip": tooltip}},
              {"data": data, "mark": {"type": "text", "dy": -14, "fontSize": 13, "color": ACCENT},
               "encoding": {"x": quarter, "y": _f("value", "Q", scale=scale), "text": _f("value", "Q", format=fmt),
                            "tooltip": tooltip}},
              rule, label]
    return _spec(title, lang, layer=layers, height=280)
