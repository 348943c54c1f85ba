"""Chart builders: each returns an ``alt.Chart`` (never renders) with tooltips, a title and
number formats of the chosen language."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analytics.i18n import d3_format_locale, t

UNIT_FORMATS = {"count": ",.0f", "pct": ",.1f", "ratio": ",.2f", "days": ",.0f", "eur": ",.0f"}
ACCENT = "#1f5aa6"  # blue, safe for colour-blind readers against the orange target rule
OTHER_COLOUR = "#9aa5b1"
"""The other rows when one is highlighted."""
TARGET_COLOUR = "#d95f02"


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


def localised(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Apply the language's number and date locale to a finished chart."""
    locale: dict = {"number": d3_format_locale(lang)}
    if lang in TIME_LOCALES:
        days, short_days, months, short_months = TIME_LOCALES[lang]
        locale["time"] = {"dateTime": "%-d.%-m.%Y %H:%M", "date": "%-d.%-m.%Y", "time": "%H:%M:%S",
                          "periods": ["a.m.", "p.m."], "days": days, "shortDays": short_days, "months": months,
                          "shortMonths": short_months}
    return chart.configure(locale=locale)


def sparkline(trend: pd.DataFrame, unit: str, title: str, lang: str, target: float | None = None) -> alt.TopLevelMixin:
    """A small month-by-month line of ``trend`` (columns month, value) with an optional target rule."""
    fmt = UNIT_FORMATS.get(unit, ",.1f")
    base = alt.Chart(trend).encode(
        x=alt.X("month:T", title=None, axis=alt.Axis(format="%m/%y", labelAngle=0, tickCount=4, grid=False)),
    )
    line = base.mark_line(color=ACCENT, point=alt.OverlayMarkDef(size=12, color=ACCENT)).encode(
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt, tickCount=3), scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("month:T", title=t("word.month", lang), format="%m/%Y"),
            alt.Tooltip("value:Q", title=t("word.value", lang), format=fmt),
        ],
    )
    layers = [line]
    if target is not None:
        rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=TARGET_COLOUR, strokeDash=[4, 3]).encode(
            y="target:Q", tooltip=[alt.Tooltip("target:Q", title=t("word.target", lang), format=fmt)]
        )
        layers.append(rule)
    chart = alt.layer(*layers).properties(height=110, title=alt.TitleParams(title, fontSize=12, anchor="start"))
    return localised(chart, lang)


PALETTE = ["#1f5aa6", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e"]
"""Colour-blind-safe categorical colours (blue, orange, green, purple, pink, olive)."""
SIGNAL_COLOUR = "#c62828"
LIMIT_COLOUR = "#8a8a8a"


def _title(text: str) -> alt.TitleParams:
    return alt.TitleParams(text, anchor="start", fontSize=14)


def control_chart(table: pd.DataFrame, title: str, lang: str, value_title: str, x: str = "month", y: str = "count",
                  fmt: str = ",.0f", x_format: str = "%m/%y", target: float | None = None,
                  period: str | None = None) -> alt.TopLevelMixin:
    """Values over time with the centre line and 3-sigma limits; signals as red diamonds.

    ``table`` has ``x`` (dates), ``y``, centre, lower, upper and signal (same units as ``y``), and
    optionally ``same_tertial`` (those points are ringed) and ``period`` (a label for the tooltip
    instead of the formatted date). ``target`` draws an orange dashed rule.
    """
    month_axis = alt.X(f"{x}:T", title=None, axis=alt.Axis(format=x_format, labelAngle=0, grid=False))
    frame = table.assign(
        kind=[t("chart.signal" if s else "chart.normal", lang) for s in table["signal"]],
        highlight=[t("chart.same_tertial", lang) if h else "" for h in table.get("same_tertial", [False] * len(table))],
    )
    first = (alt.Tooltip(f"{period}:N", title=t("word.period", lang)) if period
             else alt.Tooltip(f"{x}:T", title=t("word.month", lang), format="%m/%Y"))
    tooltip = [
        first,
        alt.Tooltip(f"{y}:Q", title=value_title, format=fmt),
        alt.Tooltip("centre:Q", title=t("chart.centre", lang), format=",.1f"),
        alt.Tooltip("lower:Q", title=t("chart.lower", lang), format=",.1f"),
        alt.Tooltip("upper:Q", title=t("chart.upper", lang), format=",.1f"),
        alt.Tooltip("kind:N", title=t("chart.point", lang)),
    ]
    base = alt.Chart().encode(x=month_axis)  # the data once, on the layer: per-layer data is converted per layer
    limits = alt.layer(
        base.mark_line(color=LIMIT_COLOUR, strokeDash=[4, 3], interpolate="step-after").encode(y="upper:Q"),
        base.mark_line(color=LIMIT_COLOUR, strokeDash=[4, 3], interpolate="step-after").encode(y="lower:Q"),
        base.mark_line(color=LIMIT_COLOUR, strokeWidth=1.5).encode(y="centre:Q"),
    )
    line = base.mark_line(color=ACCENT).encode(
        y=alt.Y(f"{y}:Q", title=value_title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)))
    ringed = base.transform_filter(alt.datum.highlight != "").mark_point(size=140, color=ACCENT, filled=False,
                                                                          strokeWidth=1.5).encode(y=f"{y}:Q")
    points = base.mark_point(filled=True, size=45).encode(
        y=f"{y}:Q",
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=[t("chart.normal", lang), t("chart.signal", lang)],
                                        range=[ACCENT, SIGNAL_COLOUR])),
        shape=alt.Shape("kind:N", legend=None,
                        scale=alt.Scale(domain=[t("chart.normal", lang), t("chart.signal", lang)],
                                        range=["circle", "diamond"])),
        tooltip=tooltip,
    )
    layers = [limits, line, ringed, points]
    if target is not None:
        layers.append(alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=TARGET_COLOUR, strokeDash=[6, 3],
                                                                              strokeWidth=1.5)
                      .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title=t("word.target", lang), format=fmt)]))
    chart = alt.layer(*layers, data=frame).properties(height=300, title=_title(title))
    return localised(chart, lang)


def lines(frame: pd.DataFrame, x: str, y: str, colour: str | None, title: str, lang: str, y_title: str,
          fmt: str = ",.0f", target: float | None = None, x_title: str | None = None,
          temporal: bool = True) -> alt.TopLevelMixin:
    """One line per ``colour`` value (or one line) over ``x``, with an optional target rule and tooltips."""
    x_enc = (alt.X(f"{x}:T", title=x_title, axis=alt.Axis(format="%m/%y", labelAngle=0, grid=False)) if temporal
             else alt.X(f"{x}:N", title=x_title, sort=None, axis=alt.Axis(labelAngle=0)))
    tooltip = [alt.Tooltip(f"{x}:T", title=t("word.month", lang), format="%m/%Y") if temporal
               else alt.Tooltip(f"{x}:N", title=x_title or x)]
    encoding = {"x": x_enc, "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt))}
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom"),
                                      scale=alt.Scale(range=PALETTE))
        tooltip.append(alt.Tooltip(f"{colour}:N", title=t("chart.series", lang)))
    tooltip.append(alt.Tooltip(f"{y}:Q", title=y_title, format=fmt))
    line = alt.Chart(frame).mark_line(point=True).encode(**encoding, tooltip=tooltip)
    if colour is None:
        line = line.mark_line(point=True, color=ACCENT)
    layers = [line]
    if target is not None:
        layers.append(alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=TARGET_COLOUR, strokeDash=[4, 3])
                      .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title=t("word.target", lang), format=fmt)]))
    return localised(alt.layer(*layers).properties(height=260, title=_title(title)), lang)


def bars(frame: pd.DataFrame, category: str, value: str, title: str, lang: str, value_title: str,
         fmt: str = ",.1f", horizontal: bool = True, selection: str | None = None, selected: str | None = None,
         code: str | None = None, colour: str | None = None,
         extra_tooltips: tuple[tuple[str, str, str], ...] = ()) -> alt.TopLevelMixin:
    """Bars of ``value`` per ``category`` in the frame's order.

    ``selection``: the bars are clickable (a point selection of that name on the ``code`` field) and
    the ``selected`` code is highlighted. ``colour``: a field whose values colour the bars (with a legend).
    ``extra_tooltips``: (field, title, format) of more quantitative fields.
    """
    order = list(frame[category])
    cat_axis = alt.Axis(labelLimit=260) if horizontal else alt.Axis(labelAngle=0)
    cat_enc = (alt.Y if horizontal else alt.X)(f"{category}:N", title=None, sort=order, axis=cat_axis)
    val_enc = (alt.X if horizontal else alt.Y)(f"{value}:Q", title=value_title, axis=alt.Axis(format=fmt))
    tooltip = [alt.Tooltip(f"{category}:N", title=t("chart.series", lang)),
               alt.Tooltip(f"{value}:Q", title=value_title, format=fmt)]
    tooltip += [alt.Tooltip(f"{field}:Q", title=name, format=f) for field, name, f in extra_tooltips]
    encoding = {"y": cat_enc, "x": val_enc} if horizontal else {"x": cat_enc, "y": val_enc}
    chart = alt.Chart(frame).mark_bar().encode(**encoding, tooltip=tooltip)
    if selection and code:
        pick = alt.selection_point(name=selection, fields=[code], on="click", clear="dblclick")
        test = pick if selected is None else (alt.datum[code] == selected)
        chart = chart.add_params(pick).encode(color=alt.condition(test, alt.value(ACCENT), alt.value("#9bb3d6")))
    elif colour:
        domain = list(dict.fromkeys(frame[colour]))  # in the frame's order: first value blue, second orange
        chart = chart.encode(color=alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom"),
                                             scale=alt.Scale(domain=domain, range=[ACCENT, TARGET_COLOUR])))
    else:
        chart = chart.encode(color=alt.value(ACCENT))
    height = alt.Step(26) if horizontal else 260
    return localised(chart.properties(height=height, title=_title(title)), lang)


NATIONAL_COLOUR = "#6b6b6b"


def small_multiples(frame: pd.DataFrame, title: str, lang: str, columns: int = 3) -> alt.TopLevelMixin:
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
    x = alt.X("period:N", sort=periods, title=None, axis=alt.Axis(labelAngle=-45, labelFontSize=9))
    tooltip = [alt.Tooltip("indicator:N", title=t("word.indicator", lang)),
               alt.Tooltip("period:N", title=t("word.period", lang)),
               alt.Tooltip("series:N", title=t("chart.series", lang)),
               alt.Tooltip("value:Q", title=t("word.value", lang), format=",.2~f")]
    lines = alt.Chart().transform_filter(alt.datum.kind == "line").mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(format=",.2~f", tickCount=4)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=[county_name, national_name, t("word.target", lang)],
                                        range=[ACCENT, NATIONAL_COLOUR, TARGET_COLOUR])),
        strokeDash=alt.StrokeDash("series:N", legend=None,
                                  scale=alt.Scale(domain=[county_name, national_name], range=[[1, 0], [4, 3]])),
        tooltip=tooltip,
    )
    target = alt.Chart().transform_filter(alt.datum.kind == "target").mark_line(
        color=TARGET_COLOUR, strokeDash=[2, 2], strokeWidth=1.5).encode(x=x, y="value:Q", tooltip=tooltip[:3] + [
            alt.Tooltip("value:Q", title=t("word.target", lang), format=",.2~f")])
    rule = alt.Chart().transform_filter(alt.datum.kind == "break").mark_rule(color=SIGNAL_COLOUR, strokeWidth=2).encode(
        x=x, tooltip=[alt.Tooltip("period:N", title=t("rai.break", lang))])
    chart = alt.layer(lines, target, rule, data=data).properties(width=230, height=130).facet(
        facet=alt.Facet("indicator:N", sort=order, title=None, header=alt.Header(labelFontSize=11, labelLimit=230)),
        columns=columns,
    ).resolve_scale(y="independent").properties(title=_title(title))
    return localised(chart, lang)


def funnel_plot(units: pd.DataFrame, curves: pd.DataFrame, centre_pct: float, title: str, lang: str,
                value_title: str, selection: str | None = None, selected: str | None = None) -> alt.TopLevelMixin:
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
    x = alt.X("n:Q", title=t("rai.assessed", lang), scale=alt.Scale(zero=True))
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format=",.1f"), scale=alt.Scale(domain=[bottom, top]))
    limit_names = {"lower95": t("rai.limit95", lang), "upper95": t("rai.limit95", lang),
                   "lower998": t("rai.limit998", lang), "upper998": t("rai.limit998", lang)}
    long = curves.melt(id_vars="denominator", var_name="limit", value_name="value").rename(columns={"denominator": "n"})
    long["level"] = long["limit"].map(limit_names)
    limits = alt.Chart(long).mark_line(color=LIMIT_COLOUR, clip=True).encode(
        x=x, y=y, detail="limit:N",
        strokeDash=alt.StrokeDash("level:N", title=None, legend=alt.Legend(orient="bottom"),
                                  scale=alt.Scale(domain=[t("rai.limit95", lang), t("rai.limit998", lang)],
                                                  range=[[4, 3], [1, 0]])),
        tooltip=[alt.Tooltip("level:N", title=t("chart.series", lang)),
                 alt.Tooltip("n:Q", title=t("rai.assessed", lang), format=",.0f"),
                 alt.Tooltip("value:Q", title=value_title, format=",.1f")])
    centre = alt.Chart(pd.DataFrame({"value": [centre_pct]})).mark_rule(color=ACCENT, strokeWidth=1.5).encode(
        y="value:Q", tooltip=[alt.Tooltip("value:Q", title=t("chart.centre", lang), format=",.1f")])
    inside, outside = t("rai.flag.within", lang), t("rai.outside", lang)
    points_data = units.rename(columns={"assessed": "n", "value_pct": "value"}).assign(
        kind=[outside if f in ("above", "below") else inside for f in units["flag"]])
    points = alt.Chart(points_data).mark_point(filled=True, size=90).encode(
        x=x, y=y,
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=[inside, outside], range=[ACCENT, SIGNAL_COLOUR]),
                        legend=alt.Legend(orient="bottom", labelLimit=320)),
        shape=alt.Shape("kind:N", legend=None, scale=alt.Scale(domain=[inside, outside], range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("unit:N", title=t("rai.choose_unit", lang)),
                 alt.Tooltip("n:Q", title=t("rai.assessed", lang), format=",.0f"),
                 alt.Tooltip("value:Q", title=value_title, format=",.1f"),
                 alt.Tooltip("verdict:N", title=t("rai.difference", lang))],
    )
    if selection:
        points = points.add_params(alt.selection_point(name=selection, fields=["unit_id"], on="click", clear="dblclick"))
    layers = [limits, centre, points]
    if selected is not None and (points_data["unit_id"] == selected).any():
        layers.append(alt.Chart(points_data[points_data["unit_id"] == selected]).mark_point(
            size=380, color="#000000", strokeWidth=2, filled=False).encode(x=x, y=y))
    return localised(alt.layer(*layers).properties(height=400, title=_title(title)), lang)


def profile_dots(frame: pd.DataFrame, title: str, lang: str, value_title: str) -> alt.TopLevelMixin:
    """One row per indicator: the unit's value (filled), the county's (ring) and the national (tick).

    ``frame``: indicator (name), who (unit / county / national label), value (percent), verdict.
    """
    order = list(dict.fromkeys(frame["indicator"]))
    names = list(dict.fromkeys(frame["who"]))
    y = alt.Y("indicator:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("value:Q", title=value_title, axis=alt.Axis(format=",.0f"))
    tooltip = [alt.Tooltip("indicator:N", title=t("word.indicator", lang)),
               alt.Tooltip("who:N", title=t("chart.series", lang)),
               alt.Tooltip("value:Q", title=value_title, format=",.1f"),
               alt.Tooltip("verdict:N", title=t("rai.difference", lang))]
    span = alt.Chart(frame).mark_rule(color="#c8c8c8").encode(y=y, x="min(value):Q", x2="max(value):Q")
    dots = alt.Chart(frame).mark_point(size=110, filled=True).encode(
        y=y, x=x, tooltip=tooltip,
        color=alt.Color("who:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=names, range=[ACCENT, TARGET_COLOUR, NATIONAL_COLOUR][: len(names)])),
        shape=alt.Shape("who:N", legend=None,
                        scale=alt.Scale(domain=names, range=["circle", "diamond", "triangle-up"][: len(names)])),
    )
    return localised(alt.layer(span, dots).properties(height=alt.Step(26), title=_title(title)), lang)


def interval_dots(frame: pd.DataFrame, title: str, lang: str, value_title: str, highlight: str | None = None,
                  domain: tuple[float, float] | None = (0, 100), target_title: str | None = None) -> alt.TopLevelMixin:
    """One row per category: the value (dot) with its interval (bar) and the target (orange tick).

    ``frame``: name, value, lower, upper, target (all percent), n; rows without a value are left out.
    ``highlight``: the name drawn in the accent colour, the others grey. ``domain``: the value axis
    (None: from zero to the data). ``target_title``: the tick's name in the tooltip (default: target).
    """
    data = frame[frame["value"].notna()].assign(
        colour=[ACCENT if highlight is None or name == highlight else OTHER_COLOUR for name in frame.loc[frame["value"].notna(), "name"]])
    y = alt.Y("name:N", title=None, sort=list(data["name"]), axis=alt.Axis(labelLimit=260))
    scale = alt.Scale(domain=list(domain)) if domain else alt.Scale(zero=True)
    x = alt.X("value:Q", title=value_title, scale=scale, axis=alt.Axis(format=",.0f" if domain else ",.1f"))
    tooltip = [alt.Tooltip("name:N", title=t("chart.series", lang)),
               alt.Tooltip("value:Q", title=value_title, format=",.1f"),
               alt.Tooltip("lower:Q", title=t("chart.lower", lang), format=",.1f"),
               alt.Tooltip("upper:Q", title=t("chart.upper", lang), format=",.1f"),
               alt.Tooltip("target:Q", title=target_title or t("word.target", lang), format=",.1f"),
               alt.Tooltip("n:Q", title="n", format=",.0f")]
    colour = alt.Color("colour:N", scale=None, legend=None)
    bars = alt.Chart().mark_rule(strokeWidth=3).encode(y=y, x="lower:Q", x2="upper:Q", color=colour, tooltip=tooltip)
    dots = alt.Chart().mark_point(filled=True, size=120).encode(y=y, x=x, color=colour, tooltip=tooltip)
    ticks = alt.Chart().transform_filter("isValid(datum.target)").mark_tick(
        color=TARGET_COLOUR, thickness=3, size=26).encode(y=y, x="target:Q", tooltip=tooltip)
    step = 40 if len(data) <= 8 else 24
    return localised(alt.layer(bars, dots, ticks, data=data).properties(height=alt.Step(step), title=_title(title)),
                     lang)


def ecdf_chart(frame: pd.DataFrame, rules: pd.DataFrame, title: str, lang: str, x_title: str,
               y_title: str) -> alt.TopLevelMixin:
    """Cumulative shares (percent) over minutes, one step line per series, with a vertical rule at
    each series' target minutes and a horizontal rule at 50 %.

    ``frame``: series, minutes, share_pct. ``rules``: series, minutes (the target time).
    """
    names = list(dict.fromkeys(frame["series"]))
    colour = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=names, range=PALETTE[: len(names)]))
    x = alt.X("minutes:Q", title=x_title, axis=alt.Axis(format=",.0f"))
    y = alt.Y("share_pct:Q", title=y_title, scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(format=",.0f"))
    curves = alt.Chart(frame).mark_line(interpolate="step-after").encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("series:N", title=t("chart.series", lang)),
                 alt.Tooltip("minutes:Q", title=x_title, format=",.1f"),
                 alt.Tooltip("share_pct:Q", title=y_title, format=",.1f")])
    targets = alt.Chart(rules).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(
        x="minutes:Q", color=colour,
        tooltip=[alt.Tooltip("series:N", title=t("chart.series", lang)),
                 alt.Tooltip("minutes:Q", title=t("word.target", lang), format=",.0f")])
    half = alt.Chart(pd.DataFrame({"share_pct": [50.0]})).mark_rule(color=TARGET_COLOUR, strokeDash=[2, 2]).encode(
        y="share_pct:Q")
    return localised(alt.layer(curves, targets, half).properties(height=320, title=_title(title)), lang)


def forecast_fan(frame: pd.DataFrame, title: str, lang: str, value_title: str, fmt: str = ",.0f",
                 target: float | None = None) -> alt.TopLevelMixin:
    """History (blue), the model's fitted values (grey dashes), the forecast (orange) with its 95 %
    and 80 % bands, and an optional target rule. ``frame``: as analytics.forecast_view.chart_frame."""
    names = {w: t(f"forecast.what.{w}", lang) for w in ("history", "fitted", "forecast")}
    data = frame.assign(series=frame["what"].map(names))
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%m/%y", labelAngle=0, grid=False))
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False))
    future = data[data["what"] == "forecast"]
    band_tip = [alt.Tooltip("period:N", title=t("word.period", lang)),
                alt.Tooltip("value:Q", title=names["forecast"], format=fmt),
                alt.Tooltip("lower80:Q", title=t("forecast.band80", lang) + " –", format=fmt),
                alt.Tooltip("upper80:Q", title=t("forecast.band80", lang) + " +", format=fmt),
                alt.Tooltip("lower95:Q", title=t("forecast.band95", lang) + " –", format=fmt),
                alt.Tooltip("upper95:Q", title=t("forecast.band95", lang) + " +", format=fmt)]
    band95 = alt.Chart(future).mark_area(color=TARGET_COLOUR, opacity=0.15).encode(x=x, y="lower95:Q", y2="upper95:Q",
                                                                                 tooltip=band_tip)
    band80 = alt.Chart(future).mark_area(color=TARGET_COLOUR, opacity=0.3).encode(x=x, y="lower80:Q", y2="upper80:Q",
                                                                                tooltip=band_tip)
    colour = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=list(names.values()), range=[ACCENT, LIMIT_COLOUR, TARGET_COLOUR]))
    lines = alt.Chart(data.dropna(subset=["value"])).mark_line(point=alt.OverlayMarkDef(size=18)).encode(
        x=x, y=y, color=colour,
        strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(domain=list(names.values()),
                                                                          range=[[1, 0], [4, 3], [1, 0]])),
        tooltip=[alt.Tooltip("period:N", title=t("word.period", lang)), alt.Tooltip("series:N", title=t("chart.series", lang)),
                 alt.Tooltip("value:Q", title=value_title, format=fmt)])
    layers = [band95, band80, lines]
    if target is not None:
        layers.append(alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=SIGNAL_COLOUR, strokeDash=[6, 3])
                      .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title=t("word.target", lang), format=fmt)]))
    return localised(alt.layer(*layers).properties(height=340, title=_title(title)), lang)


def projector(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Bigger text for a projector: axis labels, titles and legends readable from the back of a room."""
    title = getattr(chart, "title", alt.Undefined)
    if isinstance(title, alt.TitleParams):
        chart = chart.properties(title=alt.TitleParams(title.text, anchor="start", fontSize=22))
    return (chart.configure_axis(labelFontSize=16, titleFontSize=17)
            .configure_legend(labelFontSize=16, symbolSize=160)
            .configure_title(fontSize=22))


def paired_bars(frame: pd.DataFrame, category: str, pair: str, value: str, title: str, lang: str,
                value_title: str, order: list[str]) -> alt.TopLevelMixin:
    """Horizontal bars per ``category``, one bar per ``pair`` value (e.g. now and a year before)."""
    cats = list(dict.fromkeys(frame[category]))
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", title=None, sort=cats, axis=alt.Axis(labelLimit=300)),
        yOffset=alt.YOffset(f"{pair}:N", sort=order),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=",.0f")),
        color=alt.Color(f"{pair}:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=order, range=[ACCENT, "#9bb3d6"])),
        tooltip=[alt.Tooltip(f"{category}:N", title=t("chart.series", lang)), alt.Tooltip(f"{pair}:N", title=t("word.period", lang)),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=",.0f")],
    )
    return localised(chart.properties(height=alt.Step(22), title=_title(title)), lang)
