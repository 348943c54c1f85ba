"""Disclosure control: which sub-county figures may be shown, decided once per data version.

Every view, filter, download and report below the county level reads its figures from one
*decision* per county and period, taken over the finest cells any of them can show:

- incidents: unit × report category × event type (per tertial), with every margin the pages offer
  (over event types and categories; units → palvelualue → toimiala → county);
- rescue: municipality × station area × risk class tasks (per tertial), with the municipality,
  station-area and risk-class margins;
- RAI: unit × indicator numerators and denominators and the unit's assessed clients (per setting
  and half-year), with the palvelualue and toimiala margins.

Each figure a view can show is a *node*: a linear form (a sum of finest cells) with its value. The
decision hides every node that THL's rule hides (primary: a count of 1–4, a RAI value from fewer
than 5 clients or a share of 0 % or 100 % from fewer than 10) and then, as tau-Argus and sdcMicro
do for linked tables, adds secondary suppressions until no hidden node is a linear combination of
the shown ones (exact audit: a hidden form ``f`` is recoverable iff it lies in the row space of the
published forms; here iff it is orthogonal to the null space of the published forms restricted to
the unknown cells). Suppressions are added greedily: for an exposed node, the smallest non-zero
cell of the equation that gives it back is hidden too, then the audit is run again. County nodes
are never hidden (county totals stay exact).

A figure for a filtered group that is not itself a node (several palvelualueet, several areas) is
the sum of nodes and is shown only when every part is shown, so it adds nothing an attacker could
solve with. Interval attacks (bounds from non-negativity) are out of scope: the criterion is exact
recovery.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import weakref
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.domain.privacy import EXTREME_SHARE_MIN_N, MIN_CASES, protected

ALL = "*"
"""The key part of a margin (all categories, all event types, all risk classes …)."""
_TOL = 1e-7
_MAX_ROUNDS = 400


# --- the engine ---------------------------------------------------------------------------------

@dataclass
class Problem:
    """Finest cells (variables) and the nodes (forms over them) one decision covers.

    ``add(key, cells, value, primary, fixed)``: a node that sums ``cells`` (indices of variables);
    ``primary``: hidden by the rule; ``fixed``: never hidden (county figures).
    """

    n_vars: int = 0
    keys: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    coefficients: list = field(default_factory=list)
    values: list = field(default_factory=list)
    costs: list = field(default_factory=list)
    primary: list = field(default_factory=list)
    fixed: list = field(default_factory=list)
    hard: list = field(default_factory=list)
    links: list = field(default_factory=list)
    publishable: list = field(default_factory=list)

    def add(self, key: Hashable, cells: Iterable[int], value: float, primary: bool = False, fixed: bool = False,
            link: Hashable = None, publishable: bool = True, coefficients: Iterable[float] | None = None,
            hard: bool = True, cost: float | None = None):
        """``link``: nodes with the same link are one figure (e.g. a RAI value's numerator and denominator).
        ``publishable``: False for a form no view shows but that must not be recoverable when ``primary``
        (rescue tasks not met = tasks − met). ``coefficients``: of ``cells`` (default 1 each). ``hard``: a
        fixed node that stays shown even when nothing else can protect a cell (county figures); a soft one
        (decided shown by an earlier decision) is hidden then. ``cost``: of hiding it as a partner (default
        its value: the smallest figures are hidden first)."""
        cells = list(cells)
        self.coefficients.append(None if coefficients is None else dict(zip(cells, coefficients)))
        self.keys.append(key)
        self.links.append(link)
        self.publishable.append(bool(publishable))
        self.supports.append(np.asarray(sorted(set(cells)), dtype=int))
        self.values.append(float(value))
        self.costs.append(float(value) if cost is None else float(cost))
        self.primary.append(bool(primary) and not fixed)
        self.fixed.append(bool(fixed))
        self.hard.append(bool(fixed) and bool(hard))


def _matrix(supports: list[np.ndarray], n_vars: int, coefficients: list | None = None) -> np.ndarray:
    matrix = np.zeros((len(supports), n_vars))
    for i, cells in enumerate(supports):
        weights = coefficients[i] if coefficients else None
        matrix[i, cells] = 1.0 if weights is None else [weights[c] for c in cells]
    return matrix


def _known(matrix: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Variables shown on their own (a published node of one cell)."""
    nonzero = matrix != 0
    singles = ~hidden & (nonzero.sum(axis=1) == 1)
    return nonzero[singles].any(axis=0)


def _published(matrix: np.ndarray, hidden: np.ndarray, unknown: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The published equations over the unknown variables (rows that touch one) and their node indices."""
    rows = np.flatnonzero(~hidden)
    restricted = matrix[rows][:, unknown]
    touching = np.abs(restricted).sum(axis=1) > 0
    return restricted[touching], rows[touching]


def recoverable(matrix: np.ndarray, hidden: np.ndarray, check: np.ndarray | None = None) -> np.ndarray:
    """Which rows of ``matrix`` (nodes as forms over variables) marked ``hidden`` are linear combinations
    of the rows not hidden (exact audit). ``check``: audit only these hidden rows (default: all)."""
    check = hidden if check is None else (check & hidden)
    out = np.zeros(len(matrix), dtype=bool)
    if not check.any():
        return out
    unknown = ~_known(matrix, hidden)
    restricted, _ = _published(matrix, hidden, unknown)
    null = _null_space(restricted, int(unknown.sum()))
    forms = matrix[check][:, unknown]
    out[np.flatnonzero(check)] = np.linalg.norm(forms @ null, axis=1) < _TOL if null.size else True
    return out


def _null_space(matrix: np.ndarray, width: int) -> np.ndarray:
    if width == 0:
        return np.zeros((0, 0))
    if matrix.shape[0] == 0:
        return np.eye(width)
    try:
        _, s, vt = np.linalg.svd(matrix, full_matrices=matrix.shape[0] < matrix.shape[1])
    except np.linalg.LinAlgError:  # LAPACK's divide-and-conquer can fail to converge: the slower, sturdier driver
        import scipy.linalg
        _, s, vt = scipy.linalg.svd(matrix, full_matrices=matrix.shape[0] < matrix.shape[1], lapack_driver="gesvd")
    rank = int((s > _TOL * max(1.0, s[0])).sum())
    return vt[rank:].T


def decide(problem: Problem) -> np.ndarray:
    """The hidden nodes: primary ones, then secondary suppressions until none is recoverable."""
    count = len(problem.keys)
    if not protected() or count == 0:
        return np.zeros(count, dtype=bool)
    publishable = np.array(problem.publishable, dtype=bool)
    hidden = np.array(problem.primary, dtype=bool) | ~publishable
    fixed = np.array(problem.fixed, dtype=bool) & publishable
    values = np.array(problem.values)
    costs = np.array(problem.costs)
    matrix = _matrix(problem.supports, problem.n_vars, problem.coefficients)
    # the small numbers are what must not come back (a zero tells nothing); the partners hidden with
    # them need not be protected themselves: one that can be worked out anyway is shown at the end
    primary = np.array(problem.primary, dtype=bool)
    audit = primary & (values != 0)
    sizes = (matrix != 0).sum(axis=1)
    singles = {int(np.flatnonzero(matrix[i])[0]): i for i in np.flatnonzero(sizes == 1)}
    # nodes with the same form are one figure: hidden together; one that equals a county figure is published
    same = _together(matrix, problem.links, publishable)
    for group in {id(g): g for g in same.values()}.values():
        if fixed[group].any():
            fixed[group] = True
            hidden[group] = False
        elif hidden[group].any():
            hidden[group] = True
    for _ in range(_MAX_ROUNDS):
        exposed = np.flatnonzero(recoverable(matrix, hidden, audit))
        if not len(exposed):
            hidden = _prune(matrix, hidden, primary | ~publishable, costs, same, audit)
            return _publish_derivable(matrix, hidden, primary, publishable, same)
        chosen = _load_bearing(matrix, hidden, fixed, costs, sizes, exposed)
        for node in exposed:
            if chosen.get(node) is None:  # no combination found (numerically): the neighbourhood search
                chosen[node] = _nearby(node, matrix, hidden, fixed, values, sizes, singles)
        chosen = {c for pick in chosen.values() if pick is not None for c in same[pick]}
        chosen = {c for c in chosen if not fixed[c] and not hidden[c]}
        if not chosen:
            break
        hidden[sorted(chosen)] = True
    hard = np.array(problem.hard, dtype=bool) & publishable
    return _publish_derivable(matrix, _hide_all(matrix, hidden, hard, publishable, audit), primary, publishable, same)


def _load_bearing(matrix: np.ndarray, hidden: np.ndarray, fixed: np.ndarray, costs: np.ndarray,
                  sizes: np.ndarray, exposed: np.ndarray) -> dict[int, int | None]:
    """Per exposed node, a shown figure that the equation giving it back uses, the cheapest to hide.

    The minimum-norm combination ``y`` of the shown forms that equals the node's form uses every way of
    recovering it; of the figures it uses (|y| > 0, not county figures) the smallest non-zero one is hidden
    (as tau-Argus minimises the value suppressed: a small unit's partner rather than a palvelualue's total),
    a zero only when nothing else is there, and the next round looks for another way."""
    weights = _combination(matrix, hidden, exposed)  # (nodes, exposed)
    out: dict[int, int | None] = {}
    movable = ~fixed & ~hidden
    for j, node in enumerate(exposed):
        at = np.flatnonzero((np.abs(weights[:, j]) > 1e-6) & movable)
        if not len(at):
            out[int(node)] = None
            continue
        order = np.lexsort((-np.abs(weights[at, j]), sizes[at], costs[at], costs[at] == 0))
        out[int(node)] = int(at[order[0]])
    return out


def _combination(matrix: np.ndarray, hidden: np.ndarray, exposed: np.ndarray) -> np.ndarray:
    """Weights over the nodes of shown forms that add up to each exposed node's form: the minimum-norm
    solution over the cells not shown on their own (one SVD of those equations), completed by the cells
    shown on their own."""
    weights = np.zeros((len(matrix), len(exposed)))
    known = _known(matrix, hidden)
    restricted, rows = _published(matrix, hidden, ~known)
    if len(rows):
        try:
            u, s, vt = np.linalg.svd(restricted, full_matrices=False)
        except np.linalg.LinAlgError:
            import scipy.linalg
            u, s, vt = scipy.linalg.svd(restricted, full_matrices=False, lapack_driver="gesvd")
        rank = int((s > _TOL * max(1.0, s[0])).sum()) if len(s) else 0
        forms = matrix[exposed][:, ~known]
        weights[rows] = u[:, :rank] @ ((vt[:rank] @ forms.T) / s[:rank, None])
    rest = matrix[exposed] - weights.T @ matrix  # what the cells shown on their own must add
    nonzero = matrix != 0
    rows = np.flatnonzero(~hidden & (nonzero.sum(axis=1) == 1))
    cells = nonzero[rows].argmax(axis=1)
    _, first = np.unique(cells, return_index=True)  # one shown node per cell carries it
    rows, cells = rows[first], cells[first]
    weights[rows] = (rest[:, cells] / matrix[rows, cells]).T
    return weights


def _nearby(node: int, matrix: np.ndarray, hidden: np.ndarray, fixed: np.ndarray, values: np.ndarray,
            sizes: np.ndarray, singles: dict[int, int]) -> int | None:
    """A shown figure near ``node`` to hide: from the published equations that share its cells."""
    nonzero = matrix != 0
    unknown = ~_known(matrix, hidden)
    cells = np.flatnonzero(nonzero[node] & unknown)
    published = np.flatnonzero(~hidden)
    rows = published[nonzero[published][:, cells].any(axis=1)] if len(cells) else np.array([], dtype=int)
    rows = rows[np.argsort(sizes[rows], kind="stable")]
    return _cover(node, rows, matrix, hidden, fixed, values, sizes, singles, depth=len(rows))


def _prune(matrix: np.ndarray, hidden: np.ndarray, keep: np.ndarray, costs: np.ndarray, same: dict[int, list[int]],
           audit: np.ndarray) -> np.ndarray:
    """Show again every partner that is not needed: the greedy rounds hide partners for many figures at once,
    and a later one can make an earlier one unnecessary. The most valuable partners are tried first; one
    stays shown when no audited figure becomes recoverable."""
    hidden = hidden.copy()
    partners = [g for g in {tuple(same[i]) for i in np.flatnonzero(hidden & ~keep)} if not keep[list(g)].any()]
    for group in sorted(partners, key=lambda g: -costs[list(g)].max()):
        hidden[list(group)] = False
        if recoverable(matrix, hidden, audit).any():
            hidden[list(group)] = True
    return hidden


def _hide_all(matrix: np.ndarray, hidden: np.ndarray, fixed: np.ndarray, publishable: np.ndarray,
              audit: np.ndarray) -> np.ndarray:
    """The safe answer when the greedy search finds no cover: every node that is not a county figure is
    hidden (the county figures alone give back no sub-county cell of a table with two or more parts)."""
    hidden = hidden | (~fixed & publishable)
    left = recoverable(matrix, hidden, audit)
    if left.any():  # a county figure that is itself a small sub-county cell: nothing more can be hidden
        raise RuntimeError(f"disclosure: {int(left.sum())} small figure(s) equal a county figure")
    return hidden


def _publish_derivable(matrix: np.ndarray, hidden: np.ndarray, primary: np.ndarray, publishable: np.ndarray,
                       same: dict[int, list[int]]) -> np.ndarray:
    """Show the partners that the shown figures determine anyway (showing them adds nothing), so that
    every figure left hidden is one that cannot be worked out."""
    hidden = hidden.copy()
    audit = recoverable(matrix, hidden, hidden & publishable & ~primary)
    for node in np.flatnonzero(audit):
        group = same[node]
        if all(audit[g] or not publishable[g] for g in group) and not primary[group].any():
            hidden[[g for g in group if publishable[g]]] = False
    return hidden


def _together(matrix: np.ndarray, links: list, publishable: np.ndarray) -> dict[int, list[int]]:
    """Per node, the nodes hidden with it: the same form, or the same link (transitively); a form no view
    shows stands alone."""
    parent = list(range(len(matrix)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict = {}
    for i in range(len(matrix)):
        if not publishable[i]:
            continue
        for key in (("form", matrix[i].tobytes()), ("link", links[i]) if links[i] is not None else None):
            if key is None:
                continue
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(matrix)):
        groups.setdefault(find(i), []).append(i)
    return {i: groups[find(i)] for i in range(len(matrix))}


def _cover(node: int, witnesses: np.ndarray, matrix: np.ndarray, hidden: np.ndarray, fixed: np.ndarray,
           values: np.ndarray, sizes: np.ndarray, singles: dict[int, int], depth: int = 3) -> int | None:
    """A shown node to hide so that ``node`` is no longer given back: from the most direct published
    equations that give it back (``witnesses``, most direct first), the non-zero shown cell or equation
    closest to ``node`` (sharing most equations with it), smallest first."""
    shown = ~hidden
    nonzero = matrix != 0
    mine = nonzero[node]
    published = nonzero[shown]
    near = published[published[:, mine].any(axis=1)]
    candidates: set[int] = set()
    for row in [node, *[int(w) for w in witnesses[:depth]]]:
        for cell in np.flatnonzero(nonzero[row]):
            single = singles.get(int(cell))
            if single is not None and shown[single] and not fixed[single]:
                candidates.add(single)
        if row != node and sizes[row] > 1 and not fixed[row]:
            candidates.add(row)
        if row != node:  # the equation's shown terms: groups inside it that do not overlap the node
            inside = shown & ~fixed & ~nonzero[:, ~nonzero[row]].any(axis=1) & ~nonzero[:, mine].any(axis=1)
            candidates.update(int(i) for i in np.flatnonzero(inside))
    if not candidates:
        return None

    def score(c: int) -> tuple:
        shared = int((near[:, nonzero[c]].any(axis=1)).sum())
        return (values[c] == 0, -shared, values[c], sizes[c])
    return min(candidates, key=score)


@dataclass(frozen=True)
class Decision:
    """Which nodes are hidden. ``hidden(key)``: a key that is not a node (an empty cell) is shown."""

    values: dict
    hidden_keys: frozenset

    def hidden(self, key: Hashable) -> bool:
        return key in self.hidden_keys

    def value(self, key: Hashable) -> float:
        return self.values.get(key, 0.0)

    def all_shown(self, keys: Iterable[Hashable]) -> bool:
        return not any(k in self.hidden_keys for k in keys)


def solve(problem: Problem) -> Decision:
    hidden = decide(problem)
    return Decision(dict(zip(problem.keys, problem.values)),
                    frozenset(k for k, h in zip(problem.keys, hidden) if h))


def small(count: float) -> bool:
    return 0 < count < MIN_CASES


# --- one decision per data version: kept in memory and in the data folder ---------------------------

STORE_FILE = "disclosure.parquet"
"""The data folder's decisions (written by ``precompute``; read when the data's digest matches)."""
RULE_VERSION = 9
"""Part of the digest: a change to the rule or the search makes stored decisions stale."""

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def data_digest(data_dir) -> str:
    """A digest of the data's contents (every table file and the catalogue) and of the rule: the data
    version a stored decision belongs to. Content, not modification times, so a copy or a clone of the
    folder keeps its decisions."""
    from analytics.data.bundle import data_files
    root = Path(data_dir)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"rule {RULE_VERSION} {MIN_CASES} {EXTREME_SHARE_MIN_N}".encode())
    for path in data_files(root):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            with open(file, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
    return digest.hexdigest()


def _text(key: tuple) -> str:
    return json.dumps([str(part.date()) if isinstance(part, pd.Timestamp) else part for part in key],
                      ensure_ascii=False)


def _node(text: str) -> tuple:
    return tuple(json.loads(text))


class _Book:
    """The decisions of one data version: those read from the data folder, and those made since."""

    def __init__(self, bundle, files_digest: str):
        self.org_units = bundle.org_units
        self.files_digest = files_digest
        # the organisation as the bundle holds it (a bundle may carry a changed one: then nothing stored fits)
        organisation = pd.util.hash_pandas_object(bundle.org_units.astype(str), index=False).to_numpy().tobytes()
        self.digest = hashlib.blake2b(files_digest.encode() + organisation, digest_size=16).hexdigest()
        self.made: dict[str, Decision] = {}
        self.stored: dict[str, Decision] = {}
        path = Path(bundle.data_dir) / STORE_FILE
        try:
            frame = pd.read_parquet(path) if path.is_file() else None
        except Exception:  # a damaged or foreign file: decide anew
            frame = None
        if frame is not None and len(frame) and set(frame["digest"]) == {self.digest}:
            for key, group in frame.groupby("decision", sort=False):
                self.stored[key] = Decision({}, frozenset(_node(n) for n in group["node"].dropna()))


def _book(bundle) -> _Book:
    with _LOCK:
        book = _CACHE.get(bundle.store)
        if book is not None and book.org_units is bundle.org_units:
            return book
    book = _Book(bundle, book.files_digest if book is not None else data_digest(bundle.data_dir))
    with _LOCK:
        _CACHE[bundle.store] = book
    return book


def _county(bundle, county: str | None) -> str | None:
    """The county a decision is for: with one county in the data, "all units" is that county."""
    if county is None:
        counties = bundle.org_units["county"].unique()
        if len(counties) == 1:
            return str(counties[0])
    return county


def _cached(bundle, key: tuple, build):
    """One decision per data version and key (a stored one when the data folder holds it). With the rule
    switched off nothing is hidden and nothing is kept."""
    if not protected():
        return Decision({}, frozenset())
    book = _book(bundle)
    text = _text(key)
    with _LOCK:
        hit = book.made.get(text) or book.stored.get(text)
    if hit is not None:
        return hit
    result = build()
    with _LOCK:
        book.made[text] = result
    return result


def decision_keys(bundle, county: str | None) -> Iterator[tuple[str, tuple]]:
    """Every decision a page, download or report of ``county`` can ask for: (what, arguments)."""
    from analytics.data.contracts import CATEGORIES
    from analytics.data.filters import data_tertials
    county = _county(bundle, county)
    tertials = data_tertials(bundle)
    # the pages compare each tertial with the one a year before: those are asked for too
    every = sorted({*tertials, *(t.year_before() for t in tertials)}, reverse=True)
    for tertial in every:
        yield "incidents", (county, tertial.start, tertial.end)
        yield "rescue", (county, tertial.start, tertial.end)
        if bundle.store.has("feedback") or bundle.store.has("success_reports"):
            yield "experience", (county, tertial.start, tertial.end)
        yield "breakdown", (county, tertial.start, tertial.end, ALL, "month")
        for category in CATEGORIES:
            for dimension in DIMENSIONS:
                yield "breakdown", (county, tertial.start, tertial.end, category, dimension)
    halves = bundle.store.query("SELECT DISTINCT setting, year, half FROM rai_results ORDER BY ALL DESC")
    for setting, year, half in zip(halves["setting"], halves["year"], halves["half"]):
        yield "rai", (county, str(setting), int(year), int(half))


def precompute(bundle, progress=None, stop=None) -> Path | None:
    """Take every decision of the data version (each county, tertial and half-year) and write them to the
    data folder's ``disclosure.parquet``, so that no page waits for one. ``progress(done, total)``;
    ``stop()``: true when the work is to end early (nothing is written then)."""
    makers = {"incidents": incident_decision, "rescue": rescue_decision, "breakdown": breakdown_decision,
              "rai": rai_decision, "experience": experience_decision}
    counties = sorted(bundle.org_units["county"].unique())
    jobs = [job for county in counties for job in decision_keys(bundle, county)]
    rows: list[tuple[str, str | None]] = []
    book = _book(bundle)
    for done, (what, args) in enumerate(jobs):
        if stop is not None and stop():
            return None
        decision = makers[what](bundle, *args)
        text = _text((what, *args))
        rows += [(text, _text(node)) for node in sorted(decision.hidden_keys, key=str)] or [(text, None)]
        if progress is not None:
            progress(done + 1, len(jobs))
    frame = pd.DataFrame(rows, columns=["decision", "node"]).assign(digest=book.digest)
    path = Path(bundle.data_dir) / STORE_FILE
    temporary = path.with_name(f".{STORE_FILE}.{os.getpid()}.tmp")
    frame.to_parquet(temporary, index=False, compression="zstd")
    os.replace(temporary, path)
    return path


def stored_current(bundle) -> bool:
    """Does the data folder hold the decisions of this data version."""
    return bool(_book(bundle).stored)


# --- organisation -------------------------------------------------------------------------------

def org_levels(org_units: pd.DataFrame, county: str | None) -> dict[str, dict[str, tuple[str, ...]]]:
    """Units per palvelualue and per toimiala of the county (or of all units)."""
    units = org_units if county is None else org_units[org_units["county"] == county]
    return {
        "palvelualue": {k: tuple(g["unit_id"]) for k, g in units.groupby("palvelualue", sort=True)},
        "toimiala": {k: tuple(g["unit_id"]) for k, g in units.groupby("toimiala", sort=True)},
    }


def scope_parts(org_units: pd.DataFrame, county: str | None, unit_ids: Iterable[str]) -> list[tuple[str, str]]:
    """A filtered group as nodes of the organisation: [("county", "*")], [("toimiala", name)] or its
    palvelualueet [("palvelualue", name), …] (a filter never splits a palvelualue)."""
    chosen = set(unit_ids)
    units = org_units if county is None else org_units[org_units["county"] == county]
    if chosen >= set(units["unit_id"]):
        return [("county", ALL)]
    levels = org_levels(org_units, county)
    for name, members in levels["toimiala"].items():
        if set(members) == chosen:
            return [("toimiala", name)]
    return [("palvelualue", name) for name, members in levels["palvelualue"].items() if chosen & set(members)]


# --- incidents ------------------------------------------------------------------------------------

def incident_cells(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Reports per unit, category and event type in [start, end) (non-zero cells only)."""
    from analytics.core.scope import Scope
    from analytics.data.store import Scoped

    class _Reports(Scoped):
        TABLE = "incidents"

    reports = _Reports.of(bundle, Scope(county))
    frame = reports.query("unit_id, category, event_type, count(*) AS n", "report_date >= ? AND report_date < ?",
                          (pd.Timestamp(start), pd.Timestamp(end)), "GROUP BY ALL")
    frame["n"] = frame["n"].astype(int)
    return frame


def _indexed(keys: Iterable[tuple], found: Iterable[tuple], numbers: Iterable[float]) -> tuple[dict, np.ndarray]:
    """The finest cells (every combination in ``keys``, zeros included: they are shown) and their counts from
    the non-zero ``found`` cells."""
    index = {key: i for i, key in enumerate(keys)}
    counts = np.zeros(len(index))
    for key, n in zip(found, numbers):
        if key in index:
            counts[index[key]] += n
    return index, counts


def category_problem(cells: pd.DataFrame, org_units: pd.DataFrame, county: str | None) -> Problem:
    """Nodes: (level, org key, category, ALL) and (level, org key, ALL, ALL) over unit × category cells: the
    category totals of every unit and group and their all-categories totals, decided first and together (a
    small category of a palvelualue takes another category with it, so that its all-categories total can
    be shown)."""
    units = org_units if county is None else org_units[org_units["county"] == county]
    pa_of = dict(zip(units["unit_id"], units["palvelualue"]))
    ti_of = dict(zip(units["unit_id"], units["toimiala"]))
    categories = sorted(set(cells["category"]))
    index, counts = _indexed(((u, c) for u in units["unit_id"] for c in categories),
                             zip(cells["unit_id"], cells["category"]), cells["n"])
    groups: dict[tuple, list[int]] = {}
    for (u, c), i in index.items():
        for org in (("unit", u), ("palvelualue", pa_of[u]), ("toimiala", ti_of[u]), ("county", ALL)):
            for category in (c, ALL):
                groups.setdefault((*org, category, ALL), []).append(i)
    problem = Problem(n_vars=len(index))
    for key, members in groups.items():
        value = counts[members].sum()
        problem.add(key, members, value, primary=small(value), fixed=key[0] == "county")
    return problem


def incident_problem(cells: pd.DataFrame, org_units: pd.DataFrame, county: str | None,
                     totals: Decision | None = None) -> Problem:
    """Nodes: (level, org key, category, event type) with ALL for margins, over unit × category × type cells
    of one category. The category totals (event type ALL) below the county are as ``totals`` (the
    ``category_problem`` decision) decided them: hidden ones hidden, shown ones kept (unless nothing else
    could protect a cell)."""
    units = org_units if county is None else org_units[org_units["county"] == county]
    pa_of = dict(zip(units["unit_id"], units["palvelualue"]))
    ti_of = dict(zip(units["unit_id"], units["toimiala"]))
    types = sorted(set(zip(cells["category"], cells["event_type"])))
    # every unit × every (category, type) seen in the period is a cell (zeros included: they are shown)
    unit_ids = list(units["unit_id"])
    index, counts = _indexed(((u, c, e) for u in unit_ids for c, e in types),
                             zip(cells["unit_id"], cells["category"], cells["event_type"]), cells["n"])
    problem = Problem(n_vars=len(index))
    groups: dict[tuple, list[int]] = {}
    for (u, c, e), i in index.items():
        for org in (("unit", u), ("palvelualue", pa_of[u]), ("toimiala", ti_of[u]), ("county", ALL)):
            for content in ((c, e), (c, ALL)):
                groups.setdefault((*org, *content), []).append(i)
    for key, members in groups.items():
        value = counts[members].sum()
        if totals is not None and key[3] == ALL and key[0] != "county":
            hidden = totals.hidden(key)  # a partner too must not come back here: it protects a small total
            problem.add(key, members, value, primary=hidden, fixed=not hidden, hard=False)
        else:
            problem.add(key, members, value, primary=small(value), fixed=key[0] == "county")
    return problem


def incident_decision(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp) -> Decision:
    """The decision for the incident reports of one county in [start, end) (a tertial): the category totals
    of every unit and group first (``category_problem``), then each category's event types."""
    county = _county(bundle, county)

    def build():
        cells = incident_cells(bundle, county, start, end)
        totals = solve(category_problem(cells.groupby(["unit_id", "category"], as_index=False)["n"].sum(),
                                        bundle.org_units, county))
        values: dict = dict(totals.values)
        hidden: set = set(totals.hidden_keys)
        for category in sorted(set(cells["category"])):
            part = solve(incident_problem(cells[cells["category"] == category], bundle.org_units, county, totals))
            values.update(part.values)
            hidden |= part.hidden_keys
        return Decision(values, frozenset(hidden))
    return _cached(bundle, ("incidents", county, pd.Timestamp(start), pd.Timestamp(end)), build)


def incident_key(level: str, org: str, category: str | None, event_type: str | None) -> tuple:
    return (level, org, category or ALL, event_type or ALL)


def group_shown(decision: Decision, parts: list[tuple[str, str]], category: str | None,
                event_type: str | None = None) -> bool:
    """May a filtered group's count of ``category`` (and ``event_type``; None: all) be shown: every part is shown."""
    return decision.all_shown(incident_key(level, org, category, event_type) for level, org in parts)


# --- rescue -------------------------------------------------------------------------------------

def rescue_problem(cells: pd.DataFrame, timed: Iterable[str]) -> Problem:
    """Nodes over municipality × station area × risk class × month: tasks and (classes with a minute
    target) tasks whose response met it. Keys: (quantity, level, area, class, month) with quantity
    "tasks" or "met", level municipality / station / county and ALL for margins (class, month). A
    share is shown only with its met count; "notmet" (tasks − met) is audited, never shown.
    """
    timed = set(timed)
    variables: list[tuple] = []
    numbers: list[float] = []
    for r in cells.itertuples(index=False):
        variables.append(("tasks", r.municipality, r.station, r.risk_class, r.month))
        numbers.append(float(r.tasks))
        if r.risk_class in timed:
            variables.append(("met", r.municipality, r.station, r.risk_class, r.month))
            numbers.append(float(r.met))
    index = {v: i for i, v in enumerate(variables)}
    values = np.array(numbers)
    groups: dict[tuple, list[int]] = {}
    for (quantity, m, st, c, month), i in index.items():
        for area in (("municipality", m), ("station", st), ("county", ALL)):
            for klass in ((c, ALL) if quantity == "tasks" else (c,)):
                for when in (month, ALL):
                    groups.setdefault((quantity, *area, klass, when), []).append(i)
    problem = Problem(n_vars=len(index))
    for key, members in groups.items():
        value = values[members].sum()
        problem.add(key, members, value, primary=small(value), fixed=key[1] == "county")
        if key[0] == "met" and key[1] != "county":
            tasks = groups[("tasks", *key[1:])]
            not_met = values[tasks].sum() - value
            problem.add(("notmet", *key[1:]), [*tasks, *members], not_met, primary=small(not_met),
                        publishable=False, coefficients=[1.0] * len(tasks) + [-1.0] * len(members))
    return problem


def rescue_decision(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp) -> Decision:
    """The decision for the urgent rescue tasks of one county in [start, end) (a tertial)."""
    county = _county(bundle, county)
    def build():
        from analytics.core.scope import Scope
        from analytics.domain import rescue as res
        clause, params = bundle.store.where(Scope(county), "rescue_tasks", bundle.org_units)
        met, met_params = res.met_sql(bundle.catalogue)
        timed = [c for c, (m, _) in res.class_targets(bundle.catalogue).items() if m is not None]
        cells = bundle.store.query(
            "SELECT municipality, station_unit_id AS station, risk_class, "
            "strftime(date_trunc('month', alarm_time), '%Y-%m') AS month, count(*) AS tasks, "
            f"count(*) FILTER (WHERE {met}) AS met FROM rescue_tasks "
            f"WHERE {clause} AND alarm_time >= ? AND alarm_time < ? GROUP BY ALL ORDER BY ALL",
            [*met_params, *params, pd.Timestamp(start), pd.Timestamp(end)])
        return solve(rescue_problem(cells, timed))
    return _cached(bundle, ("rescue", county, pd.Timestamp(start), pd.Timestamp(end)), build)


def rescue_key(quantity: str, level: str, area: str, risk_class: str | None, month: str | None = None) -> tuple:
    return (quantity, level, area, risk_class or ALL, month or ALL)


# --- RAI --------------------------------------------------------------------------------------------

def rai_problem(rows: pd.DataFrame, org_units: pd.DataFrame, kinds: dict[str, str], county: str | None) -> Problem:
    """Nodes over unit × indicator numerators and denominators.

    Keys: (quantity, level, org, indicator) with quantity "num" or "den" and level unit / palvelualue /
    toimiala / county; and ("n", level, org, ALL), the assessed clients: a unit's n is its largest
    denominator, so a group's n is the sum of those denominators (and a unit's n node is that
    denominator's node). A value's numerator and denominator are one figure (linked: hidden together).
    """
    units = org_units if county is None else org_units[org_units["county"] == county]
    pa_of = dict(zip(units["unit_id"], units["palvelualue"]))
    ti_of = dict(zip(units["unit_id"], units["toimiala"]))
    rows = rows[rows["unit_id"].isin(pa_of) & rows["indicator_id"].isin(list(kinds))]
    variables: list[tuple] = []
    numbers: list[float] = []
    for r in rows.itertuples(index=False):
        variables += [("num", r.unit_id, r.indicator_id), ("den", r.unit_id, r.indicator_id)]
        numbers += [float(r.numerator), float(r.denominator)]
    index = {v: i for i, v in enumerate(variables)}
    values = np.array(numbers)
    largest = rows.sort_values(["denominator", "indicator_id"], ascending=[False, True]).drop_duplicates("unit_id")
    groups: dict[tuple, list[int]] = {}
    for (quantity, unit, ind), i in index.items():
        for org in (("unit", unit), ("palvelualue", pa_of[unit]), ("toimiala", ti_of[unit]), ("county", ALL)):
            groups.setdefault((quantity, *org, ind), []).append(i)
    for unit, ind in zip(largest["unit_id"], largest["indicator_id"]):
        for org in (("unit", unit), ("palvelualue", pa_of[unit]), ("toimiala", ti_of[unit]), ("county", ALL)):
            groups.setdefault(("n", *org, ALL), []).append(index[("den", unit, ind)])
    problem = Problem(n_vars=len(index))
    for key, members in groups.items():
        quantity, level, org, ind = key
        value = values[members].sum()
        if quantity == "n":
            primary = value < MIN_CASES
        else:
            num = values[groups[("num", level, org, ind)]].sum()
            den = values[groups[("den", level, org, ind)]].sum()
            primary = den < MIN_CASES or (kinds[ind] == "share" and den < EXTREME_SHARE_MIN_N and num in (0, den))
        link = ("value", level, org, ind) if quantity in ("num", "den") else None
        problem.add(key, members, value, primary=primary, fixed=level == "county", link=link)
    return problem


def rai_decision(bundle, county: str | None, setting: str, year: int, half: int) -> Decision:
    """The decision for one setting and half-year's RAI results of one county."""
    county = _county(bundle, county)
    def build():
        from analytics.core.scope import Scope
        clause, params = bundle.store.where(Scope(county), "rai_results", bundle.org_units)
        rows = bundle.store.query(
            "SELECT unit_id, indicator_id, numerator, denominator FROM rai_results "
            f"WHERE {clause} AND setting = ? AND year = ? AND half = ? ORDER BY unit_id, indicator_id",
            [*params, setting, int(year), int(half)])
        kinds = {i.id: i.kind for i in bundle.catalogue.by_domain("rai", setting)}
        return solve(rai_problem(rows, bundle.org_units, kinds, county))
    return _cached(bundle, ("rai", county, setting, int(year), int(half)), build)


# --- customer experience ----------------------------------------------------------------------------

EXPERIENCE_TYPES = ("thanks", "proposal", "other")
"""Feedback types (contracts.FEEDBACK_TYPES): the finest feedback cells are unit × type."""
EXPERIENCE_SHOWN = ("thanks", "proposal")
"""The types the unit tables show; "other" is audited (a total minus the two) but never shown."""


def experience_cells(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Per unit in [start, end): feedback of each type (``fb_<type>``), feedback with a score (``scored``), the
    sum of their scores (``score_sum``) and success reports (``success``). Units without any are left out;
    a county without one of the tables has zeros for it."""
    from analytics.core.scope import Scope
    from analytics.domain.experience import Feedback, Success

    columns = ["unit_id", *(f"fb_{k}" for k in EXPERIENCE_TYPES), "scored", "score_sum", "success"]
    window = (pd.Timestamp(start), pd.Timestamp(end))
    parts = []
    if bundle.store.has("feedback"):
        types = ", ".join(f"count(*) FILTER (WHERE feedback_type = '{k}') AS fb_{k}" for k in EXPERIENCE_TYPES)
        parts.append(Feedback.of(bundle, Scope(county)).query(
            f"unit_id, {types}, count(score) AS scored, coalesce(sum(score), 0) AS score_sum",
            "received_date >= ? AND received_date < ?", window, "GROUP BY unit_id"))
    if bundle.store.has("success_reports"):
        parts.append(Success.of(bundle, Scope(county)).query(
            "unit_id, count(*) AS success", "report_date >= ? AND report_date < ?", window, "GROUP BY unit_id"))
    if not parts:
        return pd.DataFrame(columns=columns)
    frame = parts[0]
    for other in parts[1:]:
        frame = frame.merge(other, on="unit_id", how="outer")
    frame = frame.reindex(columns=columns).fillna(0)
    for column in columns[1:]:
        frame[column] = frame[column].astype(float)
    return frame


def experience_problem(cells: pd.DataFrame, org_units: pd.DataFrame, county: str | None) -> Problem:
    """Nodes over unit × (feedback type, scored feedback, score sum, success reports).

    Keys: (quantity, level, org, part) with level unit / palvelualue / toimiala / county and
    - ("feedback", …, ALL): all feedback; ("feedback", …, type): thanks and proposals (shown) and other
      (audited only: a total minus the two must not give a hidden count back);
    - ("score_n", …, ALL) and ("score_sum", …, ALL): the mean score, one figure (linked), hidden from fewer
      than 5 scored pieces of feedback (a mean of a few tells their scores);
    - ("success", …, ALL): success reports.
    A count of 1–4 is hidden; zero is shown. County nodes are never hidden."""
    units = org_units if county is None else org_units[org_units["county"] == county]
    pa_of = dict(zip(units["unit_id"], units["palvelualue"]))
    ti_of = dict(zip(units["unit_id"], units["toimiala"]))
    found = {r["unit_id"]: r for r in cells.to_dict("records")}
    variables: list[tuple] = []
    numbers: list[float] = []
    for unit in units["unit_id"]:
        row = found.get(unit, {})
        for kind in EXPERIENCE_TYPES:
            variables.append(("fb", unit, kind))
            numbers.append(float(row.get(f"fb_{kind}", 0)))
        for quantity in ("scored", "score_sum", "success"):
            variables.append((quantity, unit, ALL))
            numbers.append(float(row.get(quantity, 0)))
    index = {v: i for i, v in enumerate(variables)}
    values = np.array(numbers)
    groups: dict[tuple, list[int]] = {}
    for (quantity, unit, kind), i in index.items():
        for org in (("unit", unit), ("palvelualue", pa_of[unit]), ("toimiala", ti_of[unit]), ("county", ALL)):
            if quantity == "fb":
                groups.setdefault(("feedback", *org, ALL), []).append(i)
                groups.setdefault(("feedback", *org, kind), []).append(i)
            else:
                name = {"scored": "score_n", "score_sum": "score_sum", "success": "success"}[quantity]
                groups.setdefault((name, *org), []).append(i)
    problem = Problem(n_vars=len(index))
    for key, members in groups.items():
        value = values[members].sum()
        quantity, level, org = key[:3]
        if quantity in ("score_n", "score_sum"):
            scored = values[groups[("score_n", level, org)]].sum()
            problem.add((*key, ALL), members, value, primary=0 < scored < MIN_CASES, fixed=level == "county",
                        link=("score", level, org), cost=scored)
        else:
            problem.add(key if len(key) == 4 else (*key, ALL), members, value, primary=small(value),
                        fixed=level == "county", publishable=not (quantity == "feedback" and key[3] == "other"))
    return problem


def experience_decision(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp) -> Decision:
    """The decision for one county's feedback and success reports in [start, end) (a tertial)."""
    county = _county(bundle, county)

    def build():
        return solve(experience_problem(experience_cells(bundle, county, start, end), bundle.org_units, county))
    return _cached(bundle, ("experience", county, pd.Timestamp(start), pd.Timestamp(end)), build)


def experience_key(quantity: str, level: str, org: str, part: str | None = None) -> tuple:
    return (quantity, level, org, part or ALL)


def rounded(value: float, decimals: int) -> float:
    """A figure at the precision a page shows it (reports publish no more than that)."""
    return value if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), decimals)


# --- incident breakdowns below the county (event kinds, reporters, actions, themes, reaction times, months) ---

BREAKDOWNS = {
    "event_kind": "event_kind",
    "reporter": "reporter",
    "action": "CASE WHEN development_action THEN 'yes' ELSE 'no' END",
    "theme": "CASE WHEN development_action THEN coalesce(development_theme, '-') ELSE 'none' END",
    "month": "strftime(date_trunc('month', report_date), '%Y-%m')",
    "month_kind": "strftime(date_trunc('month', report_date), '%Y-%m') || ' ' || event_kind",
}
"""What a sub-county breakdown of a category's reports splits them by (SQL over incidents)."""


def reaction_bins_sql(bins: tuple[int, ...], days_sql: str) -> str:
    cases = " ".join(f"WHEN {days_sql} < {high} THEN '{low}'" for low, high in zip(bins[:-1], bins[1:]))
    return f"CASE WHEN {days_sql} IS NULL THEN 'unhandled' {cases} ELSE '{bins[-1]}' END"


def breakdown_problem(cells: pd.DataFrame, org_units: pd.DataFrame, county: str | None, category: str,
                      totals: Decision) -> Problem:
    """Nodes over palvelualue × part (``d``) of one category's reports: (level, org, ALL, d) with d ALL
    for the group's total, which is hidden exactly when the main decision hides it. (Below the county a
    breakdown is shown for a whole category, not for one event type.)"""
    units = org_units if county is None else org_units[org_units["county"] == county]
    ti_of = dict(zip(units["palvelualue"], units["toimiala"]))
    areas = sorted(ti_of)
    parts = sorted(set(cells["d"]))
    index, counts = _indexed(((a, d) for a in areas for d in parts), zip(cells["palvelualue"], cells["d"]),
                             cells["n"])
    groups: dict[tuple, list[int]] = {}
    for (a, d), i in index.items():
        for org in (("palvelualue", a), ("toimiala", ti_of[a]), ("county", ALL)):
            for part in (d, ALL):
                groups.setdefault((*org, ALL, part), []).append(i)
    problem = Problem(n_vars=len(index))
    for key, members in groups.items():
        level, org, _, d = key
        value = counts[members].sum()
        if d == ALL:
            hidden = totals.hidden((level, org, category, ALL))
            problem.add(key, members, value, primary=hidden, fixed=not hidden, hard=False)
        else:
            problem.add(key, members, value, primary=small(value), fixed=level == "county")
    return problem


def breakdown_decision(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp, category: str,
                       dimension: str) -> Decision:
    """Which palvelualue / toimiala parts of ``category``'s reports split by ``dimension`` may be shown in [start, end)."""
    county = _county(bundle, county)
    if dimension == "month":  # months of every category are one table with the all-categories trend
        return _cached(bundle, ("breakdown", county, pd.Timestamp(start), pd.Timestamp(end), category, dimension),
                       lambda: monthly_decision(bundle, county, start, end).of_category(category))

    def build():
        from analytics.core.scope import Scope
        from analytics.data.bundle import REACTION_DAYS
        totals = incident_decision(bundle, county, start, end)
        expression = (reaction_bins_sql(REACTION_BIN_EDGES, REACTION_DAYS) if dimension == "reaction"
                      else BREAKDOWNS[dimension])
        clause, params = bundle.store.where(Scope(county), "incidents", bundle.org_units)
        cells = bundle.store.query(
            f"SELECT o.palvelualue, i.d, count(*) AS n FROM (SELECT unit_id, {expression} AS d "
            f"FROM incidents WHERE {clause} AND report_date >= ? AND report_date < ? AND category = ?) i "
            "JOIN org_units o ON o.unit_id = i.unit_id GROUP BY ALL",
            [*params, pd.Timestamp(start), pd.Timestamp(end), category])
        return solve(breakdown_problem(cells, bundle.org_units, county, category, totals))
    return _cached(bundle, ("breakdown", county, pd.Timestamp(start), pd.Timestamp(end), category, dimension), build)


def monthly_problem(cells: pd.DataFrame, org_units: pd.DataFrame, county: str | None, totals: Decision) -> Problem:
    """Nodes over palvelualue × category × month: (level, org, category, month) with ALL for the margins
    (the all-categories trend of a group and its tertial totals). A category's total of a group is hidden
    exactly when the main decision hides it, the all-categories total when any category's is."""
    from analytics.data.contracts import CATEGORIES
    units = org_units if county is None else org_units[org_units["county"] == county]
    ti_of = dict(zip(units["palvelualue"], units["toimiala"]))
    months = sorted(set(cells["month"]))
    index, counts = _indexed(((a, c, m) for a in sorted(ti_of) for c in CATEGORIES for m in months),
                             zip(cells["palvelualue"], cells["category"], cells["month"]), cells["n"])
    groups: dict[tuple, list[int]] = {}
    for (a, c, m), i in index.items():
        for org in (("palvelualue", a), ("toimiala", ti_of[a]), ("county", ALL)):
            for category in (c, ALL):
                for month in (m, ALL):
                    groups.setdefault((*org, category, month), []).append(i)
    problem = Problem(n_vars=len(index))
    for key, members in groups.items():
        level, org, category, month = key
        value = counts[members].sum()
        if month == ALL and level != "county":
            hidden = totals.hidden((level, org, category, ALL))
            problem.add(key, members, value, primary=hidden, fixed=not hidden, hard=False)
        else:  # rather a month of the all-categories trend than of a category's own (the pages' main series)
            problem.add(key, members, value, primary=small(value), fixed=level == "county",
                        cost=value / 4 if category == ALL else value)
    return problem


@dataclass(frozen=True)
class Monthly:
    """The monthly decision of a tertial, read per category (or ALL: the all-categories trend) as a breakdown."""

    decision: Decision

    def of_category(self, category: str) -> Decision:
        return Decision({}, frozenset((level, org, ALL, month) for level, org, c, month in self.decision.hidden_keys
                                      if c == category))


def monthly_decision(bundle, county: str | None, start: pd.Timestamp, end: pd.Timestamp) -> Monthly:
    """Which palvelualue / toimiala monthly counts (per category and over all) may be shown in [start, end)."""
    county = _county(bundle, county)

    def build():
        from analytics.core.scope import Scope
        totals = incident_decision(bundle, county, start, end)
        clause, params = bundle.store.where(Scope(county), "incidents", bundle.org_units)
        cells = bundle.store.query(
            f"SELECT o.palvelualue, i.category, i.month, count(*) AS n FROM (SELECT unit_id, category, "
            f"{BREAKDOWNS['month']} AS month FROM incidents WHERE {clause} AND report_date >= ? AND report_date < ?) i "
            "JOIN org_units o ON o.unit_id = i.unit_id GROUP BY ALL",
            [*params, pd.Timestamp(start), pd.Timestamp(end)])
        return solve(monthly_problem(cells, bundle.org_units, county, totals))
    return Monthly(_cached(bundle, ("monthly", county, pd.Timestamp(start), pd.Timestamp(end)), build))


REACTION_BIN_EDGES = (0, 1, 3, 7, 14, 30, 60)
"""As incident_view.REACTION_BINS: the reaction-time distribution's bins (days; the last is open)."""
DIMENSIONS = (*BREAKDOWNS, "reaction")
"""Every breakdown a page shows below the county."""


def parts_shown(decision: Decision, parts: list[tuple[str, str]], event_type: str | None, d: str) -> bool:
    """May a filtered group's part ``d`` of a breakdown be shown (every organisation part shown). Below
    the county an event type's breakdowns are not shown (only its count)."""
    if event_type is not None:
        return False
    return decision.all_shown((level, org, ALL, d) for level, org in parts)


@dataclass(frozen=True)
class RaiGroup:
    """A filtered group's RAI figures as the decisions of each half-year allow (county: all shown)."""

    bundle: object
    county: str | None
    setting: str
    parts: tuple

    @classmethod
    def of(cls, bundle, scope, setting: str) -> RaiGroup:
        units = scope.units(bundle.org_units)
        parts = scope_parts(bundle.org_units, scope.county, units["unit_id"])
        return cls(bundle, scope.county, setting, tuple(parts) if parts != [("county", ALL)] else ())

    @property
    def sub(self) -> bool:
        return bool(self.parts)

    def decision(self, half) -> Decision:
        return rai_decision(self.bundle, self.county, self.setting, half.year, half.half)

    def value_hidden(self, indicator_id: str, half) -> bool:
        return self.sub and not self.decision(half).all_shown(("num", level, org, indicator_id) for level, org in self.parts)

    def n_hidden(self, half) -> bool:
        return self.sub and not self.decision(half).all_shown(("n", level, org, ALL) for level, org in self.parts)
