"""Real cities from CBS "Kerncijfers wijken en buurten": reading StatLine CSV exports and
mapping a gemeente's wijken and buurten onto the model's city and population.

Three steps, each a function of this module:

1. :func:`read_table` reads a StatLine CSV export of the table (any year: 85984NED for 2024,
   85618NED 2023, 85318NED 2022, ...). Columns are matched on their *stem*: the CBS key
   without its numeric suffix (``HuishoudensTotaal_28`` and ``HuishoudensTotaal_29`` are the
   same column in different years), or the column title of a "CSV with titles" export
   (``Huishoudens totaal (aantal)``). Comma- or semicolon-separated, decimal point or
   decimal comma; ``.``, empty, ``x``, ``-`` and ``?`` are missing values.
2. :func:`select` takes a gemeente and its wijken from the table and gives every buurt its
   figures (households, tenure, income, household types, age), filling in missing values
   from the buurt's wijk or gemeente; every fallback used is recorded as a notice.
3. :func:`plan` turns the figures into what the model needs per buurt: numbers of
   households and dwellings, tenure, price-band and family-dwelling shares, the SCP class
   mix and the household-type probabilities. It needs the model parameters (class
   profiles, income mapping), so it runs when the whole scenario is validated.

The method and its assumptions are documented in docs/model.md, "Building a city from CBS
data". Errors are :class:`CbsFileError` (a problem in the file: file and line) or
:class:`CbsCodeError` (a code in the scenario that the file lacks); config.py turns them
into one-line scenario errors.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp, softmax
from scipy.optimize import brentq
from scipy.special import ndtr

from .params import CLASS_KEYS, ModelParams

TABLE = "CBS 'Kerncijfers wijken en buurten'"
MISSING = frozenset({"", ".", "..", "x", "X", "-", "?"})  # CBS codes for missing or secret values
SENTINEL = -99999990  # the wijk- en buurtkaart writes -99999997 (secret) and the like; treated as missing
HEADER_SEARCH_LINES = 20  # title lines a header may follow

# Strength of each target in fitting a buurt's class mix: the standard deviation (as a share)
# of the soft constraint. Income shares are matched almost exactly; age and children tilt.
INCOME_SD = 0.002
DEMOGRAPHY_SD = 0.02
SINGLE_ABOVE_70 = 0.2  # population.fill_households: single share rises by 0.2 above age 70


class CbsFileError(Exception):
    """A problem in the CBS file; `line` is 1-based (None: the file as a whole)."""

    def __init__(self, file: str, line: int | None, message: str):
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.message = file, line, message


class CbsCodeError(Exception):
    """A code given in the scenario (gemeente, wijk, buurt) that does not fit the file."""

    def __init__(self, loc: tuple, message: str):
        super().__init__(message)
        self.loc, self.message = loc, message


@dataclass(frozen=True)
class Column:
    """A column the mapping reads: the stems it goes by across the years, and what it holds."""

    key: str
    stems: tuple[str, ...]
    label: str
    required: bool
    kind: str  # "count", "percent", "ratio" or "count_or_percent"


COLUMNS = (
    Column("inhabitants", ("aantalinwoners",), "AantalInwoners (Aantal inwoners)", False, "count"),
    Column("age65", ("65jaarofouder",), "k_65JaarOfOuder (65 jaar of ouder)", False, "count_or_percent"),
    Column("households", ("huishoudenstotaal",), "HuishoudensTotaal (Huishoudens totaal)", True, "count"),
    Column("one_person", ("eenpersoonshuishoudens",), "Eenpersoonshuishoudens", False, "count_or_percent"),
    Column("no_children", ("huishoudenszonderkinderen",), "HuishoudensZonderKinderen (Huishoudens zonder kinderen)", False, "count_or_percent"),
    Column("with_children", ("huishoudensmetkinderen",), "HuishoudensMetKinderen (Huishoudens met kinderen)", False, "count_or_percent"),
    Column("household_size", ("gemiddeldehuishoudensgrootte",), "GemiddeldeHuishoudensgrootte (Gemiddelde huishoudensgrootte)", False, "ratio"),
    Column("single_family", ("percentageeengezinswoning",), "PercentageEengezinswoning (Percentage eengezinswoning)", False, "percent"),
    Column("owner", ("koopwoningen",), "Koopwoningen (%)", True, "percent"),
    Column("rent", ("huurwoningentotaal",), "HuurwoningenTotaal (Huurwoningen totaal, %)", False, "percent"),
    Column("corporation", ("inbezitwoningcorporatie",), "InBezitWoningcorporatie (In bezit woningcorporatie, %)", True, "percent"),
    Column("other_landlord", ("inbezitoverigeverhuurders",), "InBezitOverigeVerhuurders (In bezit overige verhuurders, %)", True, "percent"),
    Column("unknown_owner", ("eigendomonbekend",), "EigendomOnbekend (Eigendom onbekend, %)", False, "percent"),
    Column("low_income", ("huishoudensmeteenlaaginkomen", "percentagehuishoudensmeteenlaaginkomen"),
           "HuishoudensMetEenLaagInkomen (Huishoudens met een laag inkomen, %)", True, "percent"),
    Column("social_minimum", ("huishonderofrondsociaalminimum", "huishoudensonderofrondsociaalminimum"),
           "HuishOnderOfRondSociaalMinimum (Huish. onder of rond sociaal minimum, %)", False, "percent"),
    Column("high_income", ("20huishoudensmethoogsteinkomen", "huishoudensmethooginkomen", "percentagehuishoudensmethooginkomen"),
           "k_20HuishoudensMetHoogsteInkomen (20% huishoudens met hoogste inkomen, %)", True, "percent"),
)
COLUMN = {c.key: c for c in COLUMNS}
REGION_STEMS = {"region": "wijkenenbuurten", "code": "codering", "kind": "soortregio", "gemeente_name": "gemeentenaam"}
LEVELS = {"NL": ("land", 2), "GM": ("gemeente", 4), "WK": ("wijk", 6), "BU": ("buurt", 8)}
CODE = re.compile(r"^(NL|GM|WK|BU)(\d+)$")
OTHER_REGION = re.compile(r"^[A-Z]{2}\d{2,}$")  # landsdelen, provincies, COROP-gebieden ...


def stem(name: str) -> str:
    """The part of a column name that stays the same across years: 'HuishoudensTotaal_28',
    'HuishoudensTotaal_29' and 'Huishoudens/Huishoudens totaal (aantal)' all give
    'huishoudenstotaal'."""
    n = name.strip().strip('"').strip()
    n = re.sub(r"_\d+$", "", n)
    if "/" in n:
        n = n.rsplit("/", 1)[1]
    n = re.sub(r"\s*\([^()]*\)\s*$", "", n)
    n = re.sub(r"^k_", "", n)
    return re.sub(r"[^0-9a-z]", "", n.lower())


def region_code(text: str) -> str | None:
    """A CBS region code (NL01, GM0363, WK036300, BU03630000) from a possibly padded cell."""
    code = text.strip().upper().replace(" ", "")
    m = CODE.match(code)
    if m and len(m.group(2)) == LEVELS[m.group(1)][1]:
        return code
    return None


# -- reading ----------------------------------------------------------------------------------

@dataclass
class Row:
    """One region of the table: its code, level, name and its cells of the columns read."""

    line: int
    code: str
    level: str
    name: str | None
    cells: dict[str, str]


@dataclass
class Table:
    """A StatLine export of Kerncijfers wijken en buurten, as far as the mapping reads it."""

    file: str
    sha256: str
    rows: dict[str, Row]
    columns: dict[str, str]  # Column.key -> header name as in the file
    decimal_comma: bool
    header_line: int
    gemeente_names: dict[str, str]
    notices: list[str] = field(default_factory=list)

    def number(self, row: Row, key: str) -> float | None:
        """The value of a column in a row, or None when missing; CbsFileError when malformed."""
        if key not in self.columns:
            return None
        raw = row.cells[key]
        value = parse_number(raw, self.decimal_comma)
        if value is _BAD:
            sep = "decimal commas" if self.decimal_comma else "decimal points"
            raise CbsFileError(self.file, row.line, f"{self.columns[key]}: '{raw.strip()}' is not a number "
                                                    f"(this file uses {sep}; missing values are '.')")
        if value is None:
            return None
        kind = COLUMN[key].kind
        if kind == "percent" and not 0 <= value <= 100.5:
            raise CbsFileError(self.file, row.line, f"{self.columns[key]}: {raw.strip()} is not a percentage (0-100)")
        if kind in ("count", "count_or_percent") and value < 0:
            raise CbsFileError(self.file, row.line, f"{self.columns[key]}: {raw.strip()} is negative")
        if kind == "ratio" and value <= 0:
            raise CbsFileError(self.file, row.line, f"{self.columns[key]}: {raw.strip()} must be positive")
        return min(value, 100.0) if kind == "percent" else value


_BAD = object()
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?")
_COMMA_DECIMAL = re.compile(r"[-+]?[\d.]*\d,\d+")


def parse_number(raw: str, decimal_comma: bool) -> Any:
    """A float, None for a CBS missing-value code, or _BAD."""
    s = raw.strip()
    if s in MISSING:
        return None
    if decimal_comma:
        if _THOUSANDS.fullmatch(s):
            s = s.replace(".", "")
        if "." in s:
            return _BAD
        s = s.replace(",", ".")
    elif "," in s:
        return _BAD
    if not _NUMBER.fullmatch(s):
        return _BAD
    value = float(s)
    return None if value <= SENTINEL else value


def _decode(data: bytes, file: str) -> tuple[str, str | None]:
    if b"\x00" in data[:65536]:
        raise CbsFileError(file, None, f"not a text file; expected a CSV export of {TABLE}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), f"{file}: not UTF-8; read as Windows-1252"
    except UnicodeDecodeError:
        raise CbsFileError(file, None, "not a text file in UTF-8 or Windows-1252") from None


def read_table(path: str | Path, file: str | None = None) -> Table:
    """Read a StatLine CSV export of Kerncijfers wijken en buurten (`file`: the name shown in
    messages). Raises CbsFileError for a file that is not this table, lacks a needed column,
    or is malformed."""
    path = Path(path)
    file = file or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CbsFileError(file, None, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise CbsFileError(file, None, "empty file")
    text, encoding_notice = _decode(data, file)
    first = text.splitlines()[:HEADER_SEARCH_LINES]
    delimiter = max((";", "\t", ","), key=lambda c: max((line.count(c) for line in first), default=0))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    raw_rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                stems = [stem(f) for f in fields]
                if REGION_STEMS["region"] in stems or REGION_STEMS["code"] in stems:
                    header, header_line = fields, line
                    continue
                if line >= HEADER_SEARCH_LINES:
                    break
                continue
            if len(fields) != len(header):
                if sum(1 for f in fields if f.strip()) <= 1:
                    continue  # a title or footnote line ("Bron: CBS")
                raise CbsFileError(file, line, f"{len(fields)} fields where the header (line {header_line}) has "
                                               f"{len(header)}; is the separator '{delimiter}' used throughout?")
            raw_rows.append((line, fields))
    except csv.Error as exc:
        raise CbsFileError(file, reader.line_num or 1, f"not a valid CSV file: {exc}") from None
    if header is None:
        raise CbsFileError(file, 1, f"not a {TABLE} table: no region column (WijkenEnBuurten or Codering_3) "
                                    f"in its first {HEADER_SEARCH_LINES} lines")
    stems = [stem(h) for h in header]
    columns, index = {}, {}
    missing = []
    for col in COLUMNS:
        hits = [i for i, s in enumerate(stems) if s in col.stems]
        if len(hits) > 1:
            raise CbsFileError(file, header_line, f"columns {', '.join(header[i].strip() for i in hits)} all hold "
                                                  f"{col.label}; keep one")
        if hits:
            columns[col.key], index[col.key] = header[hits[0]].strip(), hits[0]
        elif col.required:
            missing.append(col.label)
    if missing:
        raise CbsFileError(file, header_line, f"needed column{'s' if len(missing) > 1 else ''} missing: "
                                              f"{'; '.join(missing)} (is this {TABLE}?)")
    region = {k: stems.index(s) if s in stems else None for k, s in REGION_STEMS.items()}
    rows: dict[str, Row] = {}
    gemeente_names: dict[str, str] = {}
    for line, fields in raw_rows:
        label = fields[region["region"]].strip() if region["region"] is not None else ""
        code = region_code(fields[region["code"]]) if region["code"] is not None else None
        code = code or region_code(label)
        if code is None:
            other = (fields[region["code"]] if region["code"] is not None else label).strip().upper()
            if OTHER_REGION.match(other.replace(" ", "")):
                continue  # a province, landsdeel or COROP row of a national export
            raise CbsFileError(file, line, f"no region code (GM...., WK......, BU........) in "
                                           f"{'Codering or ' if region['code'] is not None else ''}WijkenEnBuurten: '{label}'")
        if code in rows:
            raise CbsFileError(file, line, f"{code} appears twice (also on line {rows[code].line})")
        name = label if label and region_code(label) is None else None
        level = LEVELS[code[:2]][0]
        rows[code] = Row(line, code, level, name, {k: fields[i] for k, i in index.items()})
        if region["gemeente_name"] is not None:
            gm = "GM" + code[2:6] if level in ("gemeente", "wijk", "buurt") else None
            gname = fields[region["gemeente_name"]].strip()
            if gm and gname and gm not in gemeente_names:
                gemeente_names[gm] = gname
    if not rows:
        raise CbsFileError(file, header_line, "no rows of gemeenten, wijken or buurten after the header")
    numeric = [r.cells[k] for r in rows.values() for k in r.cells]
    decimal_comma = any(_COMMA_DECIMAL.fullmatch(c.strip()) for c in numeric)
    notices = [encoding_notice] if encoding_notice else []
    return Table(file, hashlib.sha256(data).hexdigest(), rows, columns, decimal_comma, header_line,
                 gemeente_names, notices)


# -- selecting a gemeente's wijken and buurten, with fallbacks -------------------------------------

@dataclass
class BuurtFigures:
    """A buurt's figures after fallbacks; shares are fractions (0-1)."""

    code: str
    name: str
    wijk: str
    line: int
    households: float
    tenure: dict[str, float]          # owner, corporation, other_landlord: shares summing to 1
    low_income: float
    high_income: float
    social_minimum: float | None
    old: float | None                 # share of residents aged 65 or more
    one_person: float | None          # share of one-person households
    with_children: float | None       # share of households with children
    family: float                     # share of single-family dwellings (eengezinswoningen)


@dataclass
class WijkFigures:
    code: str
    name: str
    line: int | None
    buurten: list[BuurtFigures]


@dataclass
class Selection:
    """The wijken and buurten of one gemeente taken from a table, with their figures."""

    file: str
    sha256: str
    gemeente: str
    gemeente_name: str
    wijken: list[WijkFigures]
    national: dict[str, float]        # reference figures from the file's Nederland row, if any
    notices: list[str]

    @property
    def buurten(self) -> list[BuurtFigures]:
        return [b for w in self.wijken for b in w.buurten]


def display_name(name: str | None, code: str) -> str:
    """'Binnenstad (BU99990101)', or the code alone when the file gives no name."""
    return f"{name} ({code})" if name else code


class _Notes:
    """Fallbacks used, grouped by kind: one notice line per kind."""

    def __init__(self, file: str):
        self.file = file
        self.kinds: dict[tuple[str, str], list[str]] = {}
        self.lines: list[str] = []

    def add(self, what: str, how: str, code: str):
        self.kinds.setdefault((what, how), []).append(code)

    def once(self, text: str):
        self.lines.append(f"{self.file}: {text}")

    def render(self) -> list[str]:
        out = list(self.lines)
        for (what, how), codes in self.kinds.items():
            shown = ", ".join(codes[:6]) + (f" and {len(codes) - 6} more" if len(codes) > 6 else "")
            n = len(codes)
            out.append(f"{self.file}: {what} for {n} buurt{'en' if n > 1 else ''} ({shown}): {how}")
        return out


def _types_unit(table: Table, ref: Row | None) -> str:
    """Whether household types are counts (recent tables) or percentages (older tables)."""
    if ref is None:
        return "count"
    parts = [table.number(ref, k) for k in ("one_person", "no_children", "with_children")]
    total = table.number(ref, "households")
    if all(p is not None for p in parts):
        s = sum(parts)
        if total and abs(s - total) <= 0.1 * total:
            return "count"
        if 90 <= s <= 110 and (total is None or total > 200):
            return "percent"
    return "count"


def _age_unit(table: Table, ref: Row | None) -> str:
    if ref is None:
        return "count"
    old, inh = table.number(ref, "age65"), table.number(ref, "inhabitants")
    return "percent" if old is not None and inh is not None and inh > 1000 and old <= 100 else "count"


def select(table: Table, gemeente: str, wijken: list[str] | None, empty_buurten: str = "error") -> Selection:
    """The figures of the buurten of `wijken` (all of the gemeente's if None) of `gemeente`.

    Missing buurt values are filled in from the wijk, else the gemeente (see docs/model.md);
    each kind of fallback used becomes one notice. Raises CbsCodeError for codes the file
    lacks and CbsFileError for unusable figures.
    """
    rows = table.rows
    gm_digits = gemeente[2:]
    in_gm = [r for r in rows.values() if r.level in ("wijk", "buurt") and r.code[2:6] == gm_digits]
    if gemeente not in rows and not in_gm:
        known = sorted({"GM" + r.code[2:6] for r in rows.values() if r.level in ("gemeente", "wijk", "buurt")})
        listed = ", ".join(f"{g} {table.gemeente_names.get(g, '')}".strip() for g in known[:8])
        more = f" and {len(known) - 8} more" if len(known) > 8 else ""
        raise CbsCodeError(("gemeente",), f"gemeente {gemeente} is not in {table.file}; it holds {listed}{more}")
    gm_row = rows.get(gemeente)
    gm_name = (table.gemeente_names.get(gemeente) or (gm_row.name if gm_row else None) or gemeente)
    available = sorted({r.code if r.level == "wijk" else "WK" + r.code[2:8] for r in in_gm})
    if wijken is None:
        wijken = available
    for i, code in enumerate(wijken):
        if code[2:6] != gm_digits:
            raise CbsCodeError(("wijken", i), f"wijk {code} is not a wijk of gemeente {gemeente} (its code starts with WK{gm_digits})")
        if code not in available:
            listed = ", ".join(display_name(rows[c].name if c in rows else None, c) for c in available[:12])
            raise CbsCodeError(("wijken", i), f"wijk {code} is not in {table.file}; the wijken of {gemeente} are {listed}"
                                              + (f" and {len(available) - 12} more" if len(available) > 12 else ""))
    notes = _Notes(table.file)
    notes.lines.extend(table.notices)
    ref = gm_row or next((r for r in in_gm if r.level == "buurt"), None)
    types_unit, age_unit = _types_unit(table, ref), _age_unit(table, ref)
    has = table.columns.keys()
    if not {"one_person", "with_children"} <= has:
        notes.once("no household-type columns (Eenpersoonshuishoudens, HuishoudensMetKinderen): household "
                   "types follow the model's demography.single_share and demography.children_share")
    if not {"age65", "inhabitants"} <= has:
        notes.once("no age columns (k_65JaarOfOuder, AantalInwoners): class mixes are not tilted by age")
    if "single_family" not in has:
        notes.once("no PercentageEengezinswoning column: the share of family dwellings is the share of "
                   "households with children")
    if types_unit == "percent":
        notes.once("household types are percentages (an older table), not counts")
    if age_unit == "percent":
        notes.once("k_65JaarOfOuder holds percentages (an older table), not counts")

    def num(row: Row | None, key: str) -> float | None:
        return table.number(row, key) if row is not None else None

    def shares(row: Row | None) -> dict[str, float | None]:
        """Household-type and age shares of a row (fractions), None where missing."""
        out: dict[str, float | None] = {"one_person": None, "with_children": None, "old": None}
        if row is None:
            return out
        hh = num(row, "households")
        parts = {k: num(row, k) for k in ("one_person", "no_children", "with_children")}
        if types_unit == "percent":
            for k in ("one_person", "with_children"):
                out[k] = parts[k] / 100 if parts[k] is not None else None
        else:
            known = [v for v in parts.values() if v is not None]
            denom = sum(known) if len(known) == 3 and sum(known) > 0 else hh
            for k in ("one_person", "with_children"):
                if parts[k] is not None and denom:
                    out[k] = min(1.0, parts[k] / denom)
        old, inh = num(row, "age65"), num(row, "inhabitants")
        if old is not None:
            if age_unit == "percent":
                out["old"] = old / 100
            elif inh:
                out["old"] = min(1.0, old / inh)
        return out

    def tenure(row: Row | None) -> dict[str, float] | None:
        if row is None:
            return None
        vals = {k: num(row, k) for k in ("owner", "corporation", "other_landlord")}
        if any(v is None for v in vals.values()) or sum(vals.values()) <= 0:
            return None
        total = sum(vals.values())
        return {k: v / total for k, v in vals.items()}

    def wijk_row(code: str) -> Row | None:
        return rows.get("WK" + code[2:8])

    out_wijken: list[WijkFigures] = []
    for code in wijken:
        wrow = rows.get(code)
        brows = sorted((r for r in in_gm if r.level == "buurt" and r.code[2:8] == code[2:8]), key=lambda r: r.code)
        if not brows:
            raise CbsFileError(table.file, wrow.line if wrow else table.header_line,
                               f"wijk {code} has no buurten (rows with codes BU{code[2:8]}..)")
        figures = []
        for b in brows:
            w = wijk_row(b.code)
            bname = display_name(b.name, b.code)
            hh = num(b, "households")
            if hh is None:
                inh = num(b, "inhabitants")
                size = num(b, "household_size") or num(w, "household_size") or num(gm_row, "household_size")
                if inh is not None and size:
                    hh = inh / size
                    notes.add("household count missing", "estimated as inhabitants / average household size", b.code)
            if hh is None or round(hh) == 0:
                what = "no household count" if hh is None else "0 households"
                if empty_buurten == "skip":
                    notes.add("no households", "left out (city.empty_buurten: skip)", b.code)
                    continue
                raise CbsFileError(table.file, b.line, f"buurt {bname} has {what}; leave such buurten out with "
                                                       "city.empty_buurten: skip")
            ten = tenure(b)
            if ten is None:
                owner, wten = num(b, "owner"), tenure(w)
                if owner is not None and wten is not None and wten["corporation"] + wten["other_landlord"] > 0:
                    rent = 1 - owner / 100
                    split = wten["corporation"] / (wten["corporation"] + wten["other_landlord"])
                    ten = {"owner": owner / 100, "corporation": rent * split, "other_landlord": rent * (1 - split)}
                    notes.add("tenure split of rented dwellings missing", "the wijk's ratio of corporation to other landlords used", b.code)
                elif wten is not None:
                    ten = wten
                    notes.add("tenure missing", "the wijk's tenure mix used", b.code)
                elif tenure(gm_row) is not None:
                    ten = tenure(gm_row)
                    notes.add("tenure missing", "the gemeente's tenure mix used", b.code)
                else:
                    raise CbsFileError(table.file, b.line, f"buurt {bname} has no tenure figures (Koopwoningen, "
                                                           "InBezitWoningcorporatie, InBezitOverigeVerhuurders) and "
                                                           "neither has its wijk or gemeente")

            def chained(key: str, what: str, scale: float = 0.01, required: bool = True) -> float | None:
                v = num(b, key)
                if v is not None:
                    return v * scale
                for level, row in (("wijk", w), ("gemeente", gm_row)):
                    v = num(row, key)
                    if v is not None:
                        notes.add(f"{what} missing", f"the {level}'s value used", b.code)
                        return v * scale
                if required:
                    raise CbsFileError(table.file, b.line, f"buurt {bname} has no {what} ({table.columns[key]}) and "
                                                           "neither has its wijk or gemeente")
                return None

            low = num(b, "low_income")
            if low is None:
                sm, wl, ws = num(b, "social_minimum"), num(w, "low_income"), num(w, "social_minimum")
                if sm is not None and wl is not None and ws:
                    low = min(100.0, sm * wl / ws) / 100
                    notes.add("low-income share missing", "its share at or below the social minimum times the wijk's ratio "
                                                  "of the two used", b.code)
                else:
                    low = chained("low_income", "low-income share")
            else:
                low /= 100
            high = chained("high_income", "high-income share")
            socmin = chained("social_minimum", "social-minimum share", required=False) if "social_minimum" in has else None
            own = shares(b)
            filled: dict[str, float | None] = {}
            for key, what, cols in (("one_person", "share of one-person households", {"one_person", "with_children"}),
                                    ("with_children", "share of households with children", {"one_person", "with_children"}),
                                    ("old", "share of residents aged 65 or more", {"age65", "inhabitants"})):
                v = own[key]
                if v is None and cols <= has:
                    for level, row in (("wijk", w), ("gemeente", gm_row)):
                        v = shares(row)[key]
                        if v is not None:
                            notes.add(f"{what} missing", f"the {level}'s value used", b.code)
                            break
                filled[key] = v
            if "single_family" in has:
                family = chained("single_family", "share of single-family dwellings", required=False)
                if family is None:
                    family = filled["with_children"]
                    if family is not None:
                        notes.add("share of single-family dwellings missing", "the share of households with children used", b.code)
            else:
                family = filled["with_children"]
            if family is None:
                family = 0.4
                notes.add("share of single-family dwellings missing", "0.4 used (the grid city's default)", b.code)
            figures.append(BuurtFigures(
                code=b.code, name=bname, wijk=code, line=b.line, households=float(hh), tenure=ten,
                low_income=low, high_income=high, social_minimum=socmin, old=filled["old"],
                one_person=filled["one_person"], with_children=filled["with_children"], family=family))
        if not figures:
            raise CbsFileError(table.file, wrow.line if wrow else brows[0].line,
                               f"wijk {code} has no buurten with households")
        out_wijken.append(WijkFigures(code, display_name(wrow.name if wrow else None, code),
                                      wrow.line if wrow else None, figures))
    if any(b.name == b.code for w in out_wijken for b in w.buurten):
        notes.once("the file gives codes but no names of wijken and buurten (a raw OData export); they are "
                   "named by code")
    national: dict[str, float] = {}
    nl = next((r for r in rows.values() if r.level == "land"), None)
    if nl is not None:
        s = shares(nl)
        for key, v in (("low_income", num(nl, "low_income")), ("high_income", num(nl, "high_income"))):
            if v is not None:
                national[key] = v / 100
        for key in ("old", "with_children"):
            if s[key] is not None:
                national[key] = s[key]
        if national:
            notes.once(f"national reference figures from its Nederland row ({nl.code}, line {nl.line})")
    return Selection(table.file, table.sha256, gemeente, gm_name, out_wijken, national, notes.render())


# -- mapping figures onto the model --------------------------------------------------------------

@dataclass
class BuurtPlan:
    """What the model builds for one CBS buurt."""

    figures: BuurtFigures
    n_households: int
    n_dwellings: int
    tenure: list[float]            # shares in config.TENURES order
    price_bands: list[float]       # low, middle, high of the non-social stock
    family: float
    classes: list[float]           # SCP class shares in CLASS_KEYS order
    single_share: float | None     # replaces demography.single_share for its households
    children_share: float | None   # replaces demography.children_share for its households
    expected: dict[str, float]     # the model's expected shares (low_income, high_income, ...)


@dataclass
class CbsPlan:
    """The whole city as the model builds it from a Selection."""

    selection: Selection
    buurten: list[BuurtPlan]
    wijk_of: list[int]             # wijk index of each buurt
    wijk_names: list[str]
    scale: float
    occupancy: float
    low_income_limit: float        # model income (EUR/year) below which a household counts as low-income
    high_income_limit: float       # model income at or above which it counts among the national top 20%
    national: dict[str, float]
    notices: list[str]

    @property
    def buurt_names(self) -> list[str]:
        return [b.figures.name for b in self.buurten]

    @property
    def n_dwellings(self) -> int:
        return sum(b.n_dwellings for b in self.buurten)

    @property
    def n_households(self) -> int:
        return sum(b.n_households for b in self.buurten)


def _below(x: float, mean: np.ndarray, sd: np.ndarray | float) -> np.ndarray:
    """P(value < x) for normals (mean, sd); a step where sd is 0."""
    sd = np.broadcast_to(np.asarray(sd, dtype=float), mean.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (x - mean) / np.where(sd > 0, sd, 1.0), np.where(mean < x, np.inf, -np.inf))
    return ndtr(z)


@dataclass
class ClassFeatures:
    """Per SCP class, the model's chance of each feature at the start (from the class profiles)."""

    prior: np.ndarray      # SCP national shares
    econ_mean: np.ndarray
    econ_sd: float
    low: np.ndarray        # P(low income)
    high: np.ndarray       # P(national top 20%)
    old: np.ndarray        # P(head aged 65+)
    young: np.ndarray      # P(head aged 25-50): who can have children at home
    over70: np.ndarray     # P(head over 70)
    e_low: float
    e_high: float


def class_features(p: ModelParams, national_low: float, national_high: float) -> ClassFeatures:
    """Features of each class, with the income thresholds set so that the SCP national mix has
    the national shares of low- and high-income households."""
    from .classes import SCP_SHARES

    prior = np.asarray(SCP_SHARES, dtype=float)
    prior = prior / prior.sum()
    prof = [p.classes.profiles[k] for k in CLASS_KEYS]
    mean = np.array([q.economic for q in prof])
    sd = p.classes.capital_sd
    age = np.array([q.age for q in prof])
    age_sd = np.array([q.age_sd for q in prof])

    def quantile(share: float) -> float:
        return brentq(lambda e: float(prior @ _below(e, mean, sd)) - share, -2.0, 3.0, xtol=1e-12)

    e_low, e_high = quantile(national_low), quantile(1 - national_high)
    return ClassFeatures(
        prior=prior, econ_mean=mean, econ_sd=sd,
        low=_below(e_low, mean, sd), high=1 - _below(e_high, mean, sd),
        old=1 - _below(65.0, age, age_sd), young=_below(50.0, age, age_sd) - _below(25.0, age, age_sd),
        over70=1 - _below(70.0, age, age_sd), e_low=e_low, e_high=e_high)


def fit_mix(prior: np.ndarray, features: np.ndarray, targets: np.ndarray, sds: np.ndarray) -> np.ndarray:
    """The class mix closest to `prior` (Kullback-Leibler) whose expected features are near
    `targets`, each a soft constraint with standard deviation `sds`.

    Minimises KL(q || prior) + sum_j (features_j . q - targets_j)^2 / (2 sds_j^2) through its
    convex dual, log Z(lam) - lam . t + sum_j sds_j^2 lam_j^2 / 2 (scipy's BFGS); the solution
    is q proportional to prior * exp(lam . features). With targets equal to the prior's own
    expected features, q is the prior.
    """
    if features.shape[0] == 0:
        return prior.copy()
    logp = np.log(prior)
    var = sds ** 2

    def dual(lam):
        return logsumexp(logp + lam @ features) - lam @ targets + 0.5 * var @ (lam * lam)

    def gradient(lam):
        return features @ softmax(logp + lam @ features) - targets + var * lam

    result = minimize(dual, np.zeros(features.shape[0]), jac=gradient, method="BFGS", options={"gtol": 1e-10})
    return softmax(logp + result.x @ features)


def _share_above(e: float, q: np.ndarray, f: ClassFeatures) -> float:
    return float(q @ (1 - _below(e, f.econ_mean, f.econ_sd)))


def plan(sel: Selection, p: ModelParams, scale: float, occupancy: float) -> CbsPlan:
    """Numbers, tenure, price bands, family dwellings, class mix and household types per buurt."""
    c = p.cbs
    national = {"low_income": sel.national.get("low_income", c.national_low_income),
                "high_income": sel.national.get("high_income", c.national_high_income),
                "old": sel.national.get("old", c.national_65plus),
                "with_children": sel.national.get("with_children", c.national_children)}
    f = class_features(p, national["low_income"], national["high_income"])
    kids = p.demography.children_share * f.young  # the model's chance of children at home, by class
    inc = p.income

    def econ_at(income: float) -> float:
        return -math.inf if income <= 0 else 0.5 + math.log(income / inc.median) / inc.spread

    notes = _Notes(sel.file)
    out, wijk_of = [], []
    for w, wijk in enumerate(sel.wijken):
        for b in wijk.buurten:
            n_hh = int(round(b.households * scale))
            if n_hh == 0:
                raise CbsFileError(sel.file, b.line, f"buurt {b.name}: {b.households:g} households at city.scale "
                                                     f"{scale:g} round to 0 simulated households; raise the scale "
                                                     "or leave such buurten out with city.empty_buurten: skip")
            rows, targets, sds = [f.low, f.high], [], []
            for feat, x, strength in ((f.low, b.low_income, c.income_strength), (f.high, b.high_income, c.income_strength)):
                m = float(feat @ f.prior)
                targets.append(m + strength * (x - m))
                sds.append(INCOME_SD)
            if b.old is not None and c.age_strength > 0 and national["old"] > 0:
                m = float(f.old @ f.prior)
                rows.append(f.old)
                targets.append(m + c.age_strength * (m * b.old / national["old"] - m))
                sds.append(DEMOGRAPHY_SD)
            if b.with_children is not None and c.children_strength > 0 and national["with_children"] > 0:
                m = float(kids @ f.prior)
                rows.append(kids)
                targets.append(m + c.children_strength * (m * b.with_children / national["with_children"] - m))
                sds.append(DEMOGRAPHY_SD)
            feats = np.array(rows)
            lo, hi = feats.min(axis=1), feats.max(axis=1)
            t = np.clip(np.array(targets), lo + 1e-4, hi - 1e-4)
            q = fit_mix(f.prior, feats, t, np.array(sds))
            expected = {"low_income": float(f.low @ q), "high_income": float(f.high @ q), "old_head": float(f.old @ q)}
            for key, target in (("low_income", targets[0]), ("high_income", targets[1])):
                if abs(expected[key] - target) > 0.01:
                    notes.add(f"{key.replace('_', '-')} share out of reach",
                              "the class profiles cannot give this share; the nearest reachable used", b.code)
            young = float(f.young @ q)
            children_share = single_share = None
            kids_expected = p.demography.children_share * young
            if b.with_children is not None:
                children_share = b.with_children / young if young > 0 else 1.0
                if children_share > 1:
                    notes.add("share of households with children out of reach",
                              "too few heads aged 25-50 in its class mix; all of them have children", b.code)
                children_share = min(1.0, children_share)
                kids_expected = children_share * young
            if b.one_person is not None:
                raw = (b.one_person - SINGLE_ABOVE_70 * float(f.over70 @ q)) / max(1e-9, 1 - kids_expected)
                single_share = float(np.clip(raw, 0.0, 1.0))
                if abs(raw - single_share) > 0.01:
                    notes.add("share of one-person households out of reach",
                              "not reachable with its class mix's ages; the nearest reachable used", b.code)
            expected["with_children"] = kids_expected
            ten = b.tenure
            social = ten["corporation"]
            free = 1 - social
            if free > 1e-9:
                above = [_share_above(econ_at(x), q, f) for x in p.housing.band_income]
                high = min(1.0, above[2] / free)
                mid_or_high = min(1.0, above[1] / free)
                bands = [1 - mid_or_high, mid_or_high - high, high]
            else:
                bands = [1.0, 0.0, 0.0]
            bands = [max(0.0, x) for x in bands]
            total = sum(bands)
            bands = [x / total for x in bands]
            out.append(BuurtPlan(
                figures=b, n_households=n_hh, n_dwellings=max(n_hh, int(round(n_hh / occupancy))),
                tenure=[ten["corporation"], ten["other_landlord"], 0.0, ten["owner"]], price_bands=bands,
                family=float(np.clip(b.family, 0.0, 1.0)), classes=[float(x) for x in q],
                single_share=single_share, children_share=children_share, expected=expected))
            wijk_of.append(w)

    def income_at(e: float) -> float:
        return float(inc.median * math.exp(inc.spread * (e - 0.5)))

    return CbsPlan(selection=sel, buurten=out, wijk_of=wijk_of, wijk_names=[w.name for w in sel.wijken],
                   scale=scale, occupancy=occupancy, low_income_limit=income_at(f.e_low),
                   high_income_limit=income_at(f.e_high), national=national,
                   notices=sel.notices + notes.render())
