"""Disclosure control (analytics.domain.disclosure): no hidden small number comes back from any combination of
what the views, downloads and the report show.

The attacker test gathers, for a period, every count the views offer for the county sample under every
filter (county, each toimiala, each palvelualue; each category and event type; each rescue area and
risk class; each RAI setting and filter), writes them as linear equations over the finest cells, and
checks that no hidden figure is determined by them. The leaks of the issue are each a test here.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics.core.periods import HalfYear, Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import load_bundle
from analytics.domain import disclosure as dc
from analytics.domain.privacy import MIN_CASES
from analytics.text import rai as rai_words
from analytics.views import rai as rv
from analytics.views import rescue as resv
from analytics.views.incidents import build_incident_view

PERIOD = Tertial.parse("5-8/2024")


# --- the attacker -------------------------------------------------------------------------------

class Attacker:
    """Linear equations over named finest cells: shown figures are equations, hidden ones are forms to recover."""

    def __init__(self):
        self.cells: dict = {}
        self.shown: list[tuple[dict, float]] = []
        self.hidden: list[tuple[dict, float, str]] = []

    def _form(self, cells) -> dict:
        form = {}
        for cell, weight in (cells.items() if isinstance(cells, dict) else ((c, 1.0) for c in cells)):
            self.cells.setdefault(cell, len(self.cells))
            form[cell] = form.get(cell, 0.0) + weight
        return form

    def see(self, cells, value: float) -> None:
        self.shown.append((self._form(cells), float(value)))

    def miss(self, cells, truth: float, what: str) -> None:
        if truth:  # a hidden zero tells nothing
            self.hidden.append((self._form(cells), float(truth), what))

    def recovered(self) -> list[tuple[str, float]]:
        """Hidden figures that the shown ones determine, with the value they give."""
        width = len(self.cells)
        matrix = np.zeros((len(self.shown), width))
        values = np.array([v for _, v in self.shown])
        for i, (form, _) in enumerate(self.shown):
            for cell, weight in form.items():
                matrix[i, self.cells[cell]] = weight
        if len(matrix):
            _, s, vt = np.linalg.svd(matrix, full_matrices=True)
            rank = int((s > 1e-9 * max(1.0, s[0] if len(s) else 1.0)).sum())
            null = vt[rank:].T
            solution = np.linalg.lstsq(matrix, values, rcond=None)[0]
        else:
            null, solution = np.eye(width), np.zeros(width)
        out = []
        for form, truth, what in self.hidden:
            vector = np.zeros(width)
            for cell, weight in form.items():
                vector[self.cells[cell]] = weight
            if np.linalg.norm(vector @ null) < 1e-7:
                out.append((what, float(vector @ solution)))
                assert float(vector @ solution) == pytest.approx(truth)  # the recovered value is the real one
        return out


def _nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def incident_attack(bundle, tertial: Tertial, attacker: Attacker | None = None) -> Attacker:
    """Every count of reports in ``tertial`` that the incidents page shows under any filter."""
    attacker = attacker or Attacker()
    org = bundle.org_units
    cells = dc.incident_cells(bundle, None, tertial.start, tertial.end)
    truth = {(u, c, e): n for u, c, e, n in zip(cells["unit_id"], cells["category"], cells["event_type"], cells["n"])}
    types = {c: sorted(set(cells.loc[cells["category"] == c, "event_type"])) for c in set(cells["category"])}
    pa_units = {a: list(g["unit_id"]) for a, g in org.groupby("palvelualue")}
    ti_units = {t_: list(g["unit_id"]) for t_, g in org.groupby("toimiala")}

    def form(units, category, event_type):
        chosen = [category] if category else list(types)
        return [(u, c, e) for u in units for c in chosen if c in types
                for e in ([event_type] if event_type else types[c])]

    def value(f):
        return sum(truth.get(cell, 0) for cell in f)

    def record(f, shown_value, hidden, what):
        if hidden or _nan(shown_value):
            attacker.miss(f, value(f), what)
        else:
            assert shown_value == value(f), what
            attacker.see(f, shown_value)

    for category in types:
        for event_type in [None, *types[category]]:
            view = build_incident_view(bundle, tertial, Scope(), category, event_type)
            for r in view.where.itertuples(index=False):
                units = [r.unit_id] if r.level == "unit" else pa_units[r.palvelualue]
                record(form(units, category, event_type), r.current, bool(getattr(r, "hide_current", False)),
                       f"where {r.level} {r.unit or r.palvelualue} {category}/{event_type}")
            for r in view.reaction_by_area.itertuples(index=False):
                record(form(pa_units[r.palvelualue], category, event_type), r.reports, False,
                       f"reaction {r.palvelualue} {category}/{event_type}")
            if event_type is None:
                for r in view.types.itertuples(index=False):
                    record(form(org["unit_id"], category, r.event_type), r.count, False, "county type")
                for r in view.categories.itertuples(index=False):
                    c = None if r.category == "total" else r.category
                    record(form(org["unit_id"], c, None), r.current, False, "county category")
    scopes = [(Scope(None, (t_,), ()), ti_units[t_]) for t_ in ti_units] + \
             [(Scope(None, (), (a,)), pa_units[a]) for a in pa_units]
    for scope, units in scopes:
        for category in types:
            view = build_incident_view(bundle, tertial, scope, category)
            name = scope.toimialat or scope.palvelualueet
            for r in view.categories.itertuples(index=False):
                c = None if r.category == "total" else r.category
                record(form(units, c, None), r.current, False, f"categories {name} {r.category}")
            for r in view.types.itertuples(index=False):
                record(form(units, category, r.event_type), r.count, False, f"types {name} {r.event_type}")
            kinds_total = view.kinds["current"]
            if not kinds_total.isna().any():
                record(form(units, category, None), kinds_total.sum(), False, f"kinds {name} {category}")
    return attacker


def rescue_attack(bundle, tertial: Tertial, attacker: Attacker | None = None) -> Attacker:
    """Every task and met count of ``tertial`` the rescue page shows, by area kind and area."""
    attacker = attacker or Attacker()
    tasks = bundle.table("rescue_tasks")
    tasks = tasks[(tasks["alarm_time"] >= tertial.start) & (tasks["alarm_time"] < tertial.end)]
    catalogue = bundle.catalogue
    minutes = {c: m for c, (m, _) in __import__("analytics.domain.rescue", fromlist=["x"]).class_targets(catalogue).items()}
    tasks = tasks.assign(met=[m is not None and not _nan(m) and t_ <= m
                              for t_, m in zip(tasks["response_minutes"], tasks["risk_class"].map(minutes))])
    finest = tasks.groupby(["municipality", "station_unit_id", "risk_class"]).agg(n=("task_id", "size"), met=("met", "sum"))

    def form(level, area, risk_class, quantity):
        chosen = finest
        if level == "municipality":
            chosen = chosen[chosen.index.get_level_values(0) == area]
        else:
            chosen = chosen[chosen.index.get_level_values(1) == area]
        chosen = chosen[chosen.index.get_level_values(2) == risk_class]
        return [(quantity, *key) for key in chosen.index], int(chosen["n" if quantity == "t" else "met"].sum())

    for level in ("municipality", "station"):
        view = resv.build_rescue_view(bundle, tertial, Scope(), level)
        for r in view.by_area.itertuples(index=False):
            f, true_n = form(level, r.area, r.risk_class, "t")
            fm, true_met = form(level, r.area, r.risk_class, "m")
            if r.hidden:
                attacker.miss(f, true_n, f"areas {r.area} {r.risk_class}")
            else:
                attacker.see(f, r.tasks)
            if minutes.get(r.risk_class) is not None:
                if _nan(r.met):
                    attacker.miss(fm, true_met, f"met {r.area} {r.risk_class}")
                    if 0 < true_n - true_met < MIN_CASES:
                        attacker.miss({**{c: 1.0 for c in f}, **{c: -1.0 for c in fm}}, true_n - true_met,
                                      f"not met {r.area} {r.risk_class}")
                else:
                    attacker.see(fm, r.met)
        for area in resv.area_options(bundle, Scope(), level):
            single = resv.build_rescue_view(bundle, tertial, Scope(), level, (area,))
            for r in single.compliance.itertuples(index=False):
                f, true_n = form(level, area, r.risk_class, "t")
                fm, true_met = form(level, area, r.risk_class, "m")
                if _nan(r.tasks):
                    attacker.miss(f, true_n, f"compliance {area} {r.risk_class}")
                else:
                    attacker.see(f, r.tasks)
                if r.met is not None and not _nan(r.met):
                    attacker.see(fm, r.met)
        county = resv.build_rescue_view(bundle, tertial, Scope(), level)
        for r in county.compliance.itertuples(index=False):
            f = [("t", *key) for key in finest.index if key[2] == r.risk_class]
            attacker.see(f, r.tasks)
            if r.met is not None and not _nan(r.met):
                attacker.see([("m", *key) for key in finest.index if key[2] == r.risk_class], r.met)
    return attacker


def rai_attack(bundle, setting: str, half: HalfYear, attacker: Attacker | None = None) -> Attacker:
    """Every numerator, denominator and n of one setting and half-year the RAI page and report show."""
    attacker = attacker or Attacker()
    org = bundle.org_units
    rows = bundle.table("rai_results")
    rows = rows[(rows["setting"] == setting) & (rows["year"] == half.year) & (rows["half"] == half.half)]
    truth = {(q, u, i): v for u, i, num, den in zip(rows["unit_id"], rows["indicator_id"], rows["numerator"],
                                                    rows["denominator"]) for q, v in (("num", num), ("den", den))}
    largest = rows.sort_values(["denominator", "indicator_id"], ascending=[False, True]).drop_duplicates("unit_id")
    n_cell = {u: ("den", u, i) for u, i in zip(largest["unit_id"], largest["indicator_id"])}  # n = largest denominator
    present = set(rows["unit_id"])
    county = rv.build_rai_view(bundle, setting, half)
    for r in county.units.itertuples(index=False):
        attacker.see([("num", r.unit_id, r.indicator_id)], r.numerator)
        attacker.see([("den", r.unit_id, r.indicator_id)], r.denominator)
    for ind, names in county.hidden_units.items():
        for name in names:
            unit = org.loc[org["unit_name"] == name, "unit_id"].iloc[0]
            attacker.miss([("num", unit, ind)], truth[("num", unit, ind)], f"unit num {name} {ind}")
            attacker.miss([("den", unit, ind)], truth[("den", unit, ind)], f"unit den {name} {ind}")
    groups = [Scope()] + [Scope(None, (t_,), ()) for t_ in org["toimiala"].unique()] + \
             [Scope(None, (), (a,)) for a in org["palvelualue"].unique()]
    for scope in groups:
        units = [u for u in scope.units(org)["unit_id"] if u in present]
        if not units:
            continue
        view = county if scope == Scope() else rv.build_rai_view(bundle, setting, half, scope)
        name = scope.toimialat or scope.palvelualueet or "county"
        n_form = [n_cell[u] for u in units]
        n_true = sum(truth[n_cell[u]] for u in units)
        if view.n:
            attacker.see(n_form, view.n)
        else:
            attacker.miss(n_form, n_true, f"n {name}")
        for r in view.status.itertuples(index=False):
            num = [("num", u, r.indicator_id) for u in units]
            den = [("den", u, r.indicator_id) for u in units]
            if _nan(r.value):
                attacker.miss(den, sum(truth.get(c, 0) for c in den), f"group den {name} {r.indicator_id}")
            else:
                attacker.see(num, sum(truth.get(c, 0) for c in num))  # the value and n give it (downloads show both)
                attacker.see(den, sum(truth.get(c, 0) for c in den))
    return attacker


# --- the engine --------------------------------------------------------------------------------

def test_a_lone_small_cell_takes_a_partner_and_the_audit_agrees():
    problem = dc.Problem(n_vars=4)  # two units × two types, with unit and type margins
    values = [3, 20, 30, 40]
    for i, v in enumerate(values):
        problem.add(("cell", i), [i], v, primary=dc.small(v))
    problem.add(("unit", 0), [0, 1], 23)
    problem.add(("unit", 1), [2, 3], 70)
    problem.add(("type", 0), [0, 2], 33, fixed=True)
    problem.add(("type", 1), [1, 3], 60, fixed=True)
    hidden = dc.decide(problem)
    assert hidden[0] and hidden.sum() >= 4  # the small cell, and a rectangle around it
    matrix = dc._matrix(problem.supports, problem.n_vars)
    assert not dc.recoverable(matrix, hidden).any()
    only_primary = np.array(problem.primary)
    assert dc.recoverable(matrix, only_primary)[0]  # without secondary suppression it comes back


def test_a_group_equal_to_a_county_figure_is_published():
    problem = dc.Problem(n_vars=1)
    problem.add(("cell", 0), [0], 3, primary=True)
    problem.add(("county",), [0], 3, fixed=True)
    assert not dc.decide(problem).any()


# --- the leaks of the issue --------------------------------------------------------------------

def test_the_reaction_table_by_palvelualue_reads_the_decision(bundle):
    """9-12/2024, grievances: Hollonkulma is "< 5" in the unit table, and the reaction table gave
    Asumispalvelut's 2 reports (every other unit 0)."""
    view = build_incident_view(bundle, Tertial.parse("9-12/2024"), Scope(), "grievance")
    areas = view.where[view.where["level"] == "area"].set_index("palvelualue")
    for r in view.reaction_by_area.itertuples(index=False):
        if r.palvelualue in areas.index and areas.loc[r.palvelualue, "hide_current"]:
            assert _nan(r.reports) and _nan(r.median_days), r.palvelualue
        elif not _nan(r.reports):
            assert not 0 < r.reports < MIN_CASES
    assert view.reaction_by_area["reports"].isna().any()  # the check is not vacuous


def test_category_and_event_type_views_share_one_decision(bundle):
    """5-8/2024, information security: Ensihoito 8; data protection 6; information flow "< 5" = 2."""
    for category, types in (("information_security", ("data_protection", "information_flow")),):
        whole = build_incident_view(bundle, PERIOD, Scope(), category).where.set_index("unit_id")
        parts = [build_incident_view(bundle, PERIOD, Scope(), category, e).where.set_index("unit_id") for e in types]
        for unit in whole.index.dropna():
            hidden = [p.loc[unit, "hide_current"] for p in parts if unit in p.index]
            if sum(hidden) == 1:
                assert whole.loc[unit, "hide_current"], unit  # else the category row minus the shown type gives it


def test_no_incident_count_of_a_tertial_can_be_solved_for(bundle):
    recovered = incident_attack(bundle, PERIOD).recovered()
    assert recovered == []


def test_a_hidden_area_cell_stays_hidden_when_the_page_is_filtered_to_the_area(bundle):
    """5-8/2024: Asikkala's risk class II is "< 5" in the areas table; section 1 of the filtered page gave 2 tasks."""
    county = resv.build_rescue_view(bundle, PERIOD, Scope(), "municipality")
    hidden = county.by_area[county.by_area["hidden"]]
    assert len(hidden)
    for r in hidden.itertuples(index=False):
        single = resv.build_rescue_view(bundle, PERIOD, Scope(), "municipality", (r.area,))
        row = single.compliance.set_index("risk_class").loc[r.risk_class]
        assert _nan(row["tasks"]) and _nan(row["median_minutes"]) and _nan(row["share_pct"]), (r.area, r.risk_class)
        assert r.risk_class not in set(single.ecdf["risk_class"])
        data = resv.compliance_data(single)
        assert not data["tasks"].isin([1, 2, 3, 4]).any()


def test_an_area_with_one_task_shows_neither_the_task_nor_its_time(bundle):
    tasks = bundle.table("rescue_tasks")
    tasks = tasks[(tasks["alarm_time"] >= PERIOD.start) & (tasks["alarm_time"] < PERIOD.end)]
    counts = tasks.groupby(["municipality", "risk_class"]).size()
    singles = counts[counts == 1]
    assert len(singles), "the sample has an area with exactly one task of a class in 5-8/2024"
    for (area, risk_class), _ in singles.items():
        view = resv.build_rescue_view(bundle, PERIOD, Scope(), "municipality", (area,))
        row = view.compliance.set_index("risk_class").loc[risk_class]
        assert _nan(row["tasks"]) and _nan(row["median_minutes"]) and _nan(row["p90_minutes"])
        assert risk_class not in set(view.ecdf["risk_class"])


def test_no_rescue_count_of_a_tertial_can_be_solved_for(bundle):
    assert rescue_attack(bundle, PERIOD).recovered() == []


@pytest.fixture(scope="module")
def small_unit_bundle(tmp_path_factory):
    """The sample with its three-client asumispalvelut unit alone in a palvelualue of its own (an ordinary
    organisation). Built here on a copy of the data: the bundled sample keeps DOMAIN's organisation."""
    import shutil

    from analytics.data.bundle import DEFAULT_DATA_DIR
    target = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    org = pd.read_parquet(target / "org_units.parquet")
    rai = pd.read_parquet(target / "rai_results.parquet")
    chosen = rai[(rai["setting"] == "asumispalvelut") & (rai["year"] == 2023) & (rai["half"] == 2)]
    assessed = chosen.groupby("unit_id")["denominator"].max()
    unit = assessed[assessed < MIN_CASES].index[0]
    org.loc[org["unit_id"] == unit, "palvelualue"] = "Erityisasuminen"
    org.to_parquet(target / "org_units.parquet", index=False)
    return load_bundle(target), unit


def test_a_small_unit_alone_in_its_palvelualue_cannot_be_worked_out(small_unit_bundle, capsys):
    bundle, unit = small_unit_bundle
    half = HalfYear(2023, 2)
    county = rv.build_rai_view(bundle, "asumispalvelut", half)
    own = rv.build_rai_view(bundle, "asumispalvelut", half, Scope(None, (), ("Erityisasuminen",)))
    rest = rv.build_rai_view(bundle, "asumispalvelut", half, Scope(None, (), ("Asumispalvelut",)))
    assert own.n == 0  # fewer than 5: not shown
    assert rest.n == 0 or county.n - rest.n >= MIN_CASES  # the county's n minus the rest does not give it
    assert own.status["value"].isna().all()
    # the units the county view hides are hidden in the filtered views too (one decision)
    for ind, names in county.hidden_units.items():
        shown = set(rest.units.loc[rest.units["indicator_id"] == ind, "unit_name"])
        assert not set(names) & shown, ind
    partners = {n for names in county.hidden_units.values() for n in names} - {
        bundle.org_units.set_index("unit_id").loc[unit, "unit_name"]}
    for name in partners:
        uid = bundle.org_units.loc[bundle.org_units["unit_name"] == name, "unit_id"].iloc[0]
        profile = rv.unit_profile(county, bundle.catalogue, uid)
        if profile["unit_value"].isna().all():
            text = rai_words.profile_finding(profile, name, bundle.catalogue, "en")
            assert "fewer than" not in text
    assert rai_attack(bundle, "asumispalvelut", half).recovered() == []


def test_the_json_report_publishes_values_at_the_precision_shown(small_unit_bundle, capsys):
    import json

    from analytics.cli import main
    bundle, _ = small_unit_bundle
    assert main(["report", "--format", "json", "--period", "5-8/2024", "--data-dir", str(bundle.data_dir),
                 "--palvelualue", "Asumispalvelut"]) == 0
    report = json.loads(capsys.readouterr().out)
    for table in report["rai"]:
        for ind in table["indicators"]:
            for value in ind["values"].values():
                assert value is None or round(value, 2) == value


def test_no_rai_figure_of_the_sample_can_be_solved_for(bundle):
    for setting in ("kotihoito", "asumispalvelut"):
        assert rai_attack(bundle, setting, HalfYear(2023, 2)).recovered() == []


def test_no_monthly_count_of_a_group_can_be_solved_for(bundle):
    """The months of every category by palvelualue and toimiala (the trends a filtered page draws, the
    all-categories one included) with the tertial totals of the counts' decision: nothing hidden comes back,
    also where a small grievance month hides behind a shown all-categories month."""
    tertial = Tertial.parse("1-4/2023")
    monthly = dc.monthly_decision(bundle, None, tertial.start, tertial.end).decision
    totals = dc.incident_decision(bundle, None, tertial.start, tertial.end)
    cells = bundle.store.query(
        "SELECT o.palvelualue, i.category, strftime(date_trunc('month', i.report_date), '%Y-%m') AS month, "
        "count(*) AS n FROM incidents i JOIN org_units o USING (unit_id) WHERE i.report_date >= ? AND "
        "i.report_date < ? GROUP BY ALL", [tertial.start, tertial.end])
    truth = {(a, c, m): n for a, c, m, n in zip(cells["palvelualue"], cells["category"], cells["month"], cells["n"])}
    org = bundle.org_units
    areas = sorted(org["palvelualue"].unique())
    months = sorted(set(cells["month"]))
    categories = sorted(set(cells["category"]))
    groups = [("palvelualue", a, [a]) for a in areas]
    groups += [("toimiala", ti, sorted(set(g["palvelualue"]))) for ti, g in org.groupby("toimiala")]
    groups += [("county", dc.ALL, areas)]
    attacker, hidden_small = Attacker(), 0
    for level, name, members in groups:
        for category in (*categories, dc.ALL):
            for month in (*months, dc.ALL):
                form = [(a, c, m) for a in members for c in (categories if category == dc.ALL else [category])
                        for m in (months if month == dc.ALL else [month])]
                value = sum(truth.get(cell, 0) for cell in form)
                decision = totals if month == dc.ALL else monthly
                if level != "county" and decision.hidden((level, name, category, month)):
                    attacker.miss(form, value, f"{level} {name} {category} {month}")
                    hidden_small += 0 < value < MIN_CASES
                else:
                    attacker.see(form, value)
    assert hidden_small > 10  # the check is not vacuous: small months are hidden
    assert attacker.recovered() == []
