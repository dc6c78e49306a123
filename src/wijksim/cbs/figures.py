"""A gemeente's wijken and buurten taken from a :class:`~wijksim.cbs.read.Table`, each buurt with
its figures (households, tenure, income, household types, age) after filling in missing values
from its wijk or gemeente. Every kind of fallback used becomes one notice line; wijken and
buurten without households are left out (one notice) unless ``city.empty_buurten: error``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .read import COLUMNS, CbsCodeError, CbsFileError, Row, Table


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
    published_low_income: float | None = None  # the buurt's own low-income share in the file (no fallback)


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


class Notes:
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
            out.append(f"{self.file}: {what} for {_counted(codes, 'buurt', 'buurten')}: {how}")
        return out


def _types_unit(table: Table, ref: Row | None) -> str:
    """Whether household types are counts (recent tables) or percentages (older tables): as the
    units row says (classic export), else judged from the gemeente's row."""
    if "one_person" in table.units:
        return "percent" if table.units["one_person"] == "%" else "count"
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
    if "age65" in table.units:
        return "percent" if table.units["age65"] == "%" else "count"
    if ref is None:
        return "count"
    old, inh = table.number(ref, "age65"), table.number(ref, "inhabitants")
    return "percent" if old is not None and inh is not None and inh > 1000 and old <= 100 else "count"


def _counted(codes: list[str], one: str, many: str) -> str:
    """'2 buurten (BU..., BU...)', with at most six codes shown."""
    shown = ", ".join(codes[:6]) + (f" and {len(codes) - 6} more" if len(codes) > 6 else "")
    return f"{len(codes)} {one if len(codes) == 1 else many}" + (f" ({shown})" if codes else "")


INCOME_KEYS = ("low_income", "high_income")


def _require_figures(table: Table, gemeente: str, rows: list[Row]):
    """CbsFileError when a needed column has no figure at all for the gemeente: the 2018 table as
    first published, whose income cells are all '.', cannot give a buurt its class mix."""
    for col in COLUMNS:
        if col.required and all(table.number(r, col.key) is None for r in rows):
            why = (": CBS publishes the income figures of a year later than the rest of the table, so no "
                   "buurt's class mix can be fitted; use the export of an earlier year (for 2018, the 2017 table)"
                   if col.key in INCOME_KEYS else "")
            raise CbsFileError(table.file, table.header_line, f"{table.columns[col.key]}: no figures for {gemeente} "
                                                              f"(every cell is '.' or empty){why}")


def select(table: Table, gemeente: str, wijken: list[str] | None, empty_buurten: str = "skip",
           scale: float = 1.0) -> Selection:
    """The figures of the buurten of `wijken` (all of the gemeente's if None) of `gemeente`.
    Buurten without households, or rounding to 0 simulated households at `scale`, and wijken
    left with no buurt are left out with a notice (`empty_buurten` "skip") or stop with an
    error ("error").

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
    notes = Notes(table.file)
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

    _require_figures(table, gemeente, [r for r in (gm_row, *in_gm) if r is not None])
    out_wijken: list[WijkFigures] = []
    empty: list[str] = []          # buurten without households
    small: list[str] = []          # buurten rounding to 0 simulated households at this scale
    empty_wijken: list[str] = []   # wijken without households
    small_wijken: list[str] = []   # wijken whose buurten all round to 0 simulated households
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
                if empty_buurten == "error":
                    what = "no household count" if hh is None else "0 households"
                    raise CbsFileError(table.file, b.line, f"buurt {bname} has {what}; leave such buurten out with "
                                                           "city.empty_buurten: skip")
                empty.append(b.code)
                continue
            if round(hh * scale) == 0:
                if empty_buurten == "error":
                    raise CbsFileError(table.file, b.line, f"buurt {bname}: {hh:g} households at city.scale {scale:g} "
                                                           "round to 0 simulated households; raise the scale or leave "
                                                           "such buurten out with city.empty_buurten: skip")
                small.append(b.code)
                continue
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

            def chained(key: str, what: str, required: bool = True) -> float | None:
                """A percentage as a fraction: the buurt's, else its wijk's or gemeente's (a notice)."""
                v = num(b, key)
                if v is not None:
                    return v * 0.01
                for level, row in (("wijk", w), ("gemeente", gm_row)):
                    v = num(row, key)
                    if v is not None:
                        notes.add(f"{what} missing", f"the {level}'s value used", b.code)
                        return v * 0.01
                if required:
                    raise CbsFileError(table.file, b.line, f"buurt {bname} has no {what} ({table.columns[key]}) and "
                                                           "neither has its wijk or gemeente")
                return None

            low = published_low = num(b, "low_income")
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
                one_person=filled["one_person"], with_children=filled["with_children"], family=family,
                published_low_income=None if published_low is None else published_low / 100))
        if not figures:
            (small_wijken if any(b.code in small for b in brows) else empty_wijken).append(code)
            continue
        out_wijken.append(WijkFigures(code, display_name(wrow.name if wrow else None, code),
                                      wrow.line if wrow else None, figures))
    if empty or empty_wijken:
        notes.once(f"{_counted(empty_wijken, 'wijk', 'wijken')} and {_counted(empty, 'buurt', 'buurten')} without "
                   "households left out (industrial estates, parks, ...; city.empty_buurten: error stops on them)")
    if small:
        wijken_too = f"{_counted(small_wijken, 'wijk', 'wijken')} and " if small_wijken else ""
        notes.once(f"{wijken_too}{_counted(small, 'buurt', 'buurten')} with fewer households than one simulated "
                   f"household at city.scale {scale:g} left out")
    if not out_wijken:
        raise CbsFileError(table.file, None, f"no wijk of {gemeente} has buurten with households"
                                             + (f" at city.scale {scale:g}" if small else ""))
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

