"""Reading a CSV export of CBS "Kerncijfers wijken en buurten" into a :class:`Table`: one row per
region (gemeente, wijk, buurt; a Nederland row if present) with the cells of the columns the
model uses.

Formats read (examples in ../shared/cbs-real, see its README): the OData "TypedDataSet"
(keys as headers, ``HuishoudensTotaal_28``; padded, quoted cells), StatLine's "CSV with
titles" (``Huishoudens totaal (aantal)`` or ``Huishoudens/Huishoudens totaal (aantal)``) and
the classic StatLine export (title lines above the header, titles with StatLine's ``|``
indent markers, an untitled first column holding the region name, a units row under the
header). Columns are matched on their *stem*: the key or title without numeric suffix,
indent markers, unit or path (``HuishoudensTotaal_28`` and ``||Huishoudens totaal`` are the
same column). Comma- or semicolon-separated, decimal point or decimal comma; ``.``, empty,
``x``, ``-`` and ``?`` are missing values.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TABLE = "CBS 'Kerncijfers wijken en buurten'"
MISSING = frozenset({"", ".", "..", "x", "X", "-", "?"})  # CBS codes for missing or secret values
SENTINEL = -99999990  # the wijk- en buurtkaart writes -99999997 (secret) and the like; treated as missing
HEADER_SEARCH_LINES = 20  # title lines a header may follow
UNIT_WORDS = frozenset({"aantal", "%", "code", "naam", "omschrijving"})  # cells of a classic export's units row


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
    'huishoudenstotaal'; the classic export's indent markers ('||Huishoudens totaal') go too."""
    n = name.strip().strip('"').strip().lstrip("|")
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
    units: dict[str, str] = field(default_factory=dict)  # Column.key -> unit from a units row ("aantal", "%")

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
    header, header_line, units, raw_rows = _split(text, file)
    stems = [stem(h) for h in header]
    columns, index = _columns(header, stems, file, header_line)
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
                 gemeente_names, notices, {k: units[i].strip().lower() for k, i in index.items()} if units else {})


def _split(text: str, file: str) -> tuple[list[str], int, list[str] | None, list[tuple[int, list[str]]]]:
    """The header (the first line naming the region column, within HEADER_SEARCH_LINES), its
    line, the units row under it (classic export) and the data rows with their line numbers.
    Empty header titles are taken from the units row: the classic export's untitled first
    column says "Wijken en buurten" there."""
    first = text.splitlines()[:HEADER_SEARCH_LINES]
    delimiter = max((";", "\t", ","), key=lambda c: max((line.count(c) for line in first), default=0))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    units: list[str] | None = None
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
            if not raw_rows and units is None and _is_units_row(fields):
                units = fields
                header = [h if h.strip() else u for h, u in zip(header, units)]
                continue
            raw_rows.append((line, fields))
    except csv.Error as exc:
        raise CbsFileError(file, reader.line_num or 1, f"not a valid CSV file: {exc}") from None
    if header is None:
        raise CbsFileError(file, 1, f"not a {TABLE} table: no region column (WijkenEnBuurten or Codering_3) "
                                    f"in its first {HEADER_SEARCH_LINES} lines")
    return header, header_line, units, raw_rows


def _is_units_row(fields: list[str]) -> bool:
    """Whether a row is the classic export's units row (aantal, %, x 1 000 euro, ...)."""
    cells = [f.strip().lower() for f in fields if f.strip()]
    if any(region_code(f) for f in cells):
        return False
    unit_like = sum(c in UNIT_WORDS or c.startswith(("x ", "per ")) for c in cells)
    return unit_like >= len(cells) / 2


def _columns(header: list[str], stems: list[str], file: str, header_line: int) -> tuple[dict[str, str], dict[str, int]]:
    """The columns the mapping reads: key -> title as in the file, and key -> position.
    CbsFileError naming every needed column the header lacks."""
    columns, index = {}, {}
    missing = []
    for col in COLUMNS:
        hits = [i for i, s in enumerate(stems) if s in col.stems]
        if len(hits) > 1:
            raise CbsFileError(file, header_line, f"columns {', '.join(header[i].strip() for i in hits)} all hold "
                                                  f"{col.label}; keep one")
        if hits:
            columns[col.key], index[col.key] = header[hits[0]].strip().lstrip("|"), hits[0]
        elif col.required:
            missing.append(col.label)
    if missing:
        raise CbsFileError(file, header_line, f"needed column{'s' if len(missing) > 1 else ''} missing: "
                                              f"{'; '.join(missing)} (is this {TABLE}?)")
    return columns, index
