"""The message catalogues (``analytics/text/messages/{fi,en,sv}.toml``) against the code that reads them.

Translators edit the TOML files, not Python; this test is what they run (``pytest tests/test_messages.py``). It
fails on (a) a key the code asks for that the catalogue lacks, (b) a key of ``fi.toml`` that no code uses, (c) a
``{placeholder}`` that differs between the languages of a key, (d) a key missing from ``en.toml`` (or one in
``en``/``sv`` that ``fi`` lacks) and (e) a counted text (``t_count``) whose plural forms are incomplete or differ.
Finnish and English are complete; Swedish may leave a key out, and then ``t(key, "sv")`` shows the Finnish text,
as ``analytics.text.i18n.t`` does for any language without a text.

A counted text is a plural pair: ``t_count("data.ready", n, lang)`` reads ``data.ready.one`` or
``data.ready.other`` as the language's CLDR plural rule picks for ``n`` (fi, sv and en: ``one`` for 1, ``other``
for the rest). Each language that writes a pair writes every form its rule uses; the forms have the same
placeholders, ``.other`` has ``{count}``, and ``.one`` may leave ``{count}`` out to say "one" in words.

The code is read with ``ast``, never run: ``t("key", …)`` is a key; ``t(f"grain.{g}", …)`` and
``t("status." + s, …)`` are a family (a literal prefix followed by a run-time part) that must have at least one
key; ``label("category", code)`` is the family ``category.``; ``t_count("key", n, …)`` asks for the key's plural
forms. A key counts as used when the code names it (or, for a plural form, its stem) anywhere as a string (keys
kept in tables and passed to ``t`` later), belongs to a family above, or to ``DYNAMIC`` below.
"""
from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analytics.text import i18n
from analytics.text.i18n import (
    CATALOGUE_DIR,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PLURAL_FORMS,
    load_messages,
    locale,
    read_catalogue,
)

ROOT = Path(__file__).resolve().parent.parent
SCANNED = [ROOT / "analytics", ROOT / "ui", ROOT / "app_pages", ROOT / "app.py"]
COMPLETE = ("fi", "en")
"""Languages that must have every key (with a text that is not empty); the others fall back to Finnish."""
DYNAMIC: dict[str, str] = {}
"""Families whose keys the code builds in a way the scan cannot see, with the reason they are kept."""
KEY_PREFIX = re.compile(r"^[A-Za-z_]\w*\.[\w.]*$")
"""What a key's literal prefix looks like: ``grain.``, ``spc.counts_``, ``rai.flag.`` (a word, then dots)."""


def plural_forms(lang: str) -> list[str]:
    """The plural forms a language's CLDR rule uses, in CLDR's order: ``['one', 'other']`` for fi, sv and en."""
    used = locale(lang).plural_form.tags | {"other"}
    return [form for form in PLURAL_FORMS if form in used]


def plural_stems(finnish: dict[str, str]) -> set[str]:
    """The counted texts: ``data.ready`` where ``fi.toml`` writes ``data.ready.one`` and ``data.ready.other`` (a
    key such as ``event_type.other`` alone is a coded value's name, not a plural form)."""
    return {key[:-len(".one")] for key in finnish if key.endswith(".one") and f"{key[:-len('.one')]}.other" in finnish}


def plural_stem(key: str, stems: set[str]) -> str | None:
    """``data.ready`` for ``data.ready.one`` (a form of one of the counted texts ``stems``)."""
    stem, _, form = key.rpartition(".")
    return stem if form in PLURAL_FORMS and stem in stems else None


@dataclass
class Uses:
    """What the code asks of the catalogue: keys it calls ``t`` with, families, and every string it names."""

    keys: dict[str, str] = field(default_factory=dict)
    """A literal key given to ``t`` → where (``file:line``)."""
    counted: dict[str, str] = field(default_factory=dict)
    """A literal key given to ``t_count`` (the stem of its plural forms) → where."""
    families: dict[str, str] = field(default_factory=dict)
    """A literal prefix given to ``t`` or ``label`` (``grain.``) → where."""
    strings: set[str] = field(default_factory=set)
    """Every string constant in the code (a key may be kept in a table and given to ``t`` later)."""
    prefixes: set[str] = field(default_factory=set)
    """Every key-like literal prefix of an f-string or a ``+`` anywhere (``f"forecast.model.{m}"``)."""


def _prefix(node: ast.expr) -> str | None:
    """The literal start of ``f"grain.{g}"`` or ``"status." + s``, if it looks like a key's prefix."""
    if isinstance(node, ast.JoinedStr) and len(node.values) > 1 and isinstance(node.values[0], ast.Constant):
        text = node.values[0].value
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            node = node.left  # ("a." + x) + "b": the literal start is the leftmost operand
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return None
        text = node.value
    else:
        return None
    return text if KEY_PREFIX.match(text) else None


def _asked(node: ast.expr) -> tuple[list[str], list[str]]:
    """Keys and families a ``t`` argument names: a literal, a prefix, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value], []
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return ["".join(v.value for v in node.values)], []
    if isinstance(node, ast.IfExp):
        body, orelse = _asked(node.body), _asked(node.orelse)
        return body[0] + orelse[0], body[1] + orelse[1]
    prefix = _prefix(node)
    return [], [prefix] if prefix else []


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def scan_source(source: str, where: str, uses: Uses) -> Uses:
    """Add what one module's ``source`` asks of the catalogue to ``uses``."""
    for node in ast.walk(ast.parse(source)):
        line = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            uses.strings.add(node.value)
        elif (prefix := _prefix(node)) is not None:
            uses.prefixes.add(prefix)
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if _called(node) in ("t", "t_count"):
            keys, families = _asked(first)
            (uses.keys if _called(node) == "t" else uses.counted).update({k: line for k in keys})
            uses.families.update({f: line for f in families})
        elif _called(node) == "label" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            uses.families[first.value + "."] = line
    return uses


def scan_code(paths: list[Path] = SCANNED) -> Uses:
    """What the app and the library ask of the catalogue."""
    uses = Uses()
    for path in paths:
        for module in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            scan_source(module.read_text(encoding="utf-8"), str(module.relative_to(ROOT)), uses)
    return uses


def read_catalogues(folder: Path = CATALOGUE_DIR) -> dict[str, dict[str, str]]:
    """Language → key → text, as written in the files."""
    return {lang: read_catalogue(lang, folder) for lang in LANGUAGES}


# --- the four checks: each returns what is wrong, in words ---------------------------------------------------

def missing_keys(catalogues: dict[str, dict[str, str]], uses: Uses) -> list[str]:
    """(a) Keys and families the code asks for that Finnish (which names every key) does not have."""
    known = catalogues[DEFAULT_LANGUAGE]
    problems = [f"{where}: t({key!r}) is in no catalogue" for key, where in sorted(uses.keys.items())
                if key not in known]
    problems += [f"{where}: t_count({key!r}) has no {key}.{form} in fi.toml" for key, where in sorted(uses.counted.items())
                 for form in plural_forms(DEFAULT_LANGUAGE) if f"{key}.{form}" not in known]
    problems += [f"{where}: no key starts with {family!r}" for family, where in sorted(uses.families.items())
                 if not any(k.startswith(family) for k in known)]
    return problems


def unused_keys(catalogues: dict[str, dict[str, str]], uses: Uses,
                dynamic: dict[str, str] = DYNAMIC) -> list[str]:
    """(b) Keys of ``fi.toml`` the code never uses, and ``dynamic`` families that no longer have a key."""
    finnish = catalogues[DEFAULT_LANGUAGE]
    stems = plural_stems(finnish) | set(uses.counted)
    families = tuple(uses.families) + tuple(uses.prefixes) + tuple(dynamic)
    problems = [f"{key!r} is used nowhere in the code: delete it from every catalogue"
                for key in finnish if key not in uses.strings and plural_stem(key, stems) not in uses.strings
                and not key.startswith(families)]
    problems += [f"DYNAMIC {family!r} has no key left: remove it from the list" for family in dynamic
                 if not any(k.startswith(family) for k in catalogues[DEFAULT_LANGUAGE])]
    return problems


def _placeholders(text: str) -> set[str] | str:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # a lone { or }
        return f"broken braces ({exc})"


def placeholder_differences(catalogues: dict[str, dict[str, str]]) -> list[str]:
    """(c) Keys whose ``{placeholders}`` are not the same in every language that has the key."""
    problems = []
    for key, text in catalogues[DEFAULT_LANGUAGE].items():
        names = {lang: _placeholders(catalogues[lang][key]) for lang in LANGUAGES if key in catalogues[lang]}
        if any(isinstance(n, str) for n in names.values()) or len({frozenset(n) for n in names.values()}) > 1:
            problems.append(f"{key!r}: " + "; ".join(f"{lang} {sorted(n) if isinstance(n, set) else n}"
                                                     for lang, n in names.items()))
    return problems


def incomplete_languages(catalogues: dict[str, dict[str, str]]) -> list[str]:
    """(d) A key of ``fi.toml`` missing (or empty) in a complete language, and a key in another language that
    ``fi.toml`` lacks (the app would never show it). Swedish may lack a key: it then shows the Finnish text."""
    finnish = catalogues[DEFAULT_LANGUAGE]
    problems = [f"{key!r} has no text in {lang}.toml" for lang in COMPLETE for key in finnish
                if not catalogues[lang].get(key)]
    problems += [f"{key!r} in {lang}.toml is not in fi.toml: add it there or delete it" for lang in LANGUAGES
                 for key in catalogues[lang] if key not in finnish]
    return problems


def plural_problems(catalogues: dict[str, dict[str, str]]) -> list[str]:
    """(e) Plural pairs (``plural_stems`` of ``fi.toml``): a language that writes any form of a counted text writes
    every form its plural rule uses; the forms have the same placeholders, except that ``.one`` may leave out
    ``{count}`` (saying "one" in words); ``.other`` has ``{count}``."""
    problems = []
    stems = plural_stems(catalogues[DEFAULT_LANGUAGE])
    for lang in LANGUAGES:
        texts = catalogues[lang]
        for stem in sorted(s for s in stems if any(f"{s}.{form}" in texts for form in PLURAL_FORMS)):
            missing = [form for form in plural_forms(lang) if f"{stem}.{form}" not in texts]
            if missing:
                problems.append(f"{stem!r} in {lang}.toml lacks the plural form(s) {', '.join(missing)}")
                continue
            names = {form: _placeholders(texts[f"{stem}.{form}"]) for form in plural_forms(lang)}
            if any(isinstance(n, str) for n in names.values()):
                continue  # broken braces: check (c) reports them
            if "count" not in names["other"]:
                problems.append(f"{stem}.other in {lang}.toml has no {{count}}")
            if len({frozenset(n - {"count"}) for n in names.values()}) > 1:
                problems.append(f"{stem!r} in {lang}.toml: the forms have different placeholders: "
                                + "; ".join(f"{form} {sorted(n)}" for form, n in names.items()))
    return problems


# --- the real catalogues ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalogues() -> dict[str, dict[str, str]]:
    return read_catalogues()


@pytest.fixture(scope="module")
def uses() -> Uses:
    return scan_code()


def test_every_key_the_code_asks_for_is_in_the_catalogue(catalogues, uses):
    assert missing_keys(catalogues, uses) == []


def test_every_key_of_the_catalogue_is_used(catalogues, uses):
    assert unused_keys(catalogues, uses) == []


def test_each_key_has_the_same_placeholders_in_every_language(catalogues):
    assert placeholder_differences(catalogues) == []


def test_finnish_and_english_have_every_key(catalogues):
    assert incomplete_languages(catalogues) == []


def test_counted_texts_have_every_plural_form(catalogues):
    assert plural_problems(catalogues) == []


def test_the_app_reads_the_catalogue_files(catalogues):
    """``MESSAGES`` is the files as written: Finnish names the keys, each language adds its text."""
    assert list(i18n.MESSAGES) == list(catalogues[DEFAULT_LANGUAGE])
    for key, texts in i18n.MESSAGES.items():
        assert texts == {lang: catalogues[lang][key] for lang in LANGUAGES if key in catalogues[lang]}, key


def test_each_file_starts_with_a_note_for_translators():
    for lang in LANGUAGES:
        head = (CATALOGUE_DIR / f"{lang}.toml").read_text(encoding="utf-8")[:2000]
        assert head.startswith("# ") and "{period}" in head and "pytest tests/test_messages.py" in head, lang


# --- the checks can fail ----------------------------------------------------------------------------------------

BAD_CODE = '''
t("known.key", lang)
t("ghost.key", lang)
t(f"grain.{g}", lang)
t(f"nothing.{x}", lang)
t("a.yes" if c else "a.no", lang)
label("colour", code, lang)
TABLE = ("kept.in_table",)
key = f"family.{name}"
'''
BAD_CATALOGUES = {
    "fi": {"known.key": "Teksti {n}", "grain.month": "kuukausi", "a.yes": "kyllä", "kept.in_table": "taulussa",
           "family.one": "yksi", "orphan.key": "kukaan ei käytä", "braces": "{n} {"},
    "en": {"known.key": "Text {count}", "grain.month": "month", "a.yes": "yes", "kept.in_table": "in a table",
           "family.one": "one", "orphan.key": "", "braces": "{n}", "only.english": "never shown"},
    "sv": {"known.key": "Text {n}", "grain.month": "månad", "braces": "{n}"},
}


def test_the_checks_flag_a_bad_catalogue():
    """Every check reports its fault in a fabricated catalogue and module, and nothing that is right."""
    uses = scan_source(BAD_CODE, "bad.py", Uses())
    missing = missing_keys(BAD_CATALOGUES, uses)
    assert missing == ["bad.py:6: t('a.no') is in no catalogue", "bad.py:3: t('ghost.key') is in no catalogue",
                       "bad.py:7: no key starts with 'colour.'", "bad.py:5: no key starts with 'nothing.'"]
    unused = unused_keys(BAD_CATALOGUES, uses, {"gone.": "a family that was removed"})
    assert unused == ["'orphan.key' is used nowhere in the code: delete it from every catalogue",
                      "'braces' is used nowhere in the code: delete it from every catalogue",
                      "DYNAMIC 'gone.' has no key left: remove it from the list"]
    assert unused_keys(BAD_CATALOGUES, uses, {"orphan.": "built at run time"})[0].startswith("'braces'")
    differences = placeholder_differences(BAD_CATALOGUES)
    assert [d.split(":")[0] for d in differences] == ["'known.key'", "'braces'"]
    assert "en ['count']" in differences[0] and "broken braces" in differences[1]
    assert incomplete_languages(BAD_CATALOGUES) == [
        "'orphan.key' has no text in en.toml", "'only.english' in en.toml is not in fi.toml: add it there or delete it"]


def test_the_checks_flag_bad_plural_forms():
    """A counted text without a form in Finnish, a language with half a pair, forms whose placeholders differ
    and a pair nobody counts with; a ``.one`` that says "one" in words (no ``{count}``) is right."""
    uses = scan_source('t_count("n.files", n, lang)\nt_count("n.rows", n, lang)\n', "bad.py", Uses())
    catalogues = {
        "fi": {"n.files.one": "{count} tiedosto", "n.files.other": "{count} tiedostoa", "n.rows.other": "{count} riviä",
               "n.pairs.one": "yksi pari {x}", "n.pairs.other": "{count} paria"},
        "en": {"n.files.one": "one file", "n.files.other": "{count} files", "n.rows.other": "{count} rows",
               "n.pairs.one": "one pair", "n.pairs.other": "{count} pairs"},
        "sv": {"n.files.one": "{count} fil"},
    }
    assert missing_keys(catalogues, uses) == ["bad.py:2: t_count('n.rows') has no n.rows.one in fi.toml"]
    assert unused_keys(catalogues, uses) == [
        "'n.pairs.one' is used nowhere in the code: delete it from every catalogue",
        "'n.pairs.other' is used nowhere in the code: delete it from every catalogue"]
    assert plural_problems(catalogues) == [
        "'n.pairs' in fi.toml: the forms have different placeholders: one ['x']; other ['count']",
        "'n.files' in sv.toml lacks the plural form(s) other"]


def test_a_key_without_quotes_is_an_error_that_names_it(tmp_path):
    for lang in LANGUAGES:
        (tmp_path / f"{lang}.toml").write_text('"a.b" = "x"\n', encoding="utf-8")
    (tmp_path / "sv.toml").write_text('a.b = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match='"a" is not a text'):
        load_messages(tmp_path)


def test_swedish_without_a_text_shows_finnish(tmp_path, monkeypatch):
    """The fallback the catalogue allows: a key missing from sv.toml (or empty there) shows the Finnish text."""
    texts = {"fi": '"k" = "Suomeksi {n}"\n"e" = "Tyhjä"\n', "en": '"k" = "In English {n}"\n"e" = "Empty"\n',
             "sv": '"e" = ""\n'}
    for lang, text in texts.items():
        (tmp_path / f"{lang}.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "MESSAGES", load_messages(tmp_path))
    assert i18n.t("k", "sv", n=3) == "Suomeksi 3" and i18n.t("k", "en", n=3) == "In English 3"
    assert i18n.t("e", "sv") == "Tyhjä" and i18n.t("missing.key", "sv") == "missing.key"
    assert incomplete_languages(read_catalogues(tmp_path)) == []
