"""Scenario files: the pydantic schema and loading YAML with errors that name file and line."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import AfterValidator, BaseModel, Discriminator, Field, Tag, create_model, ValidationError, field_validator, model_validator
from pydantic import PrivateAttr, TypeAdapter, ValidationInfo, field_serializer, model_serializer
from pydantic_core import InitErrorDetails, PydanticCustomError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .params import CLASS_KEYS, ModelParams, Strict, exact_keys
from .report.schema import Mkba, Priorities

SHARE_TOLERANCE = 1e-6
TENURES = ("social_rent", "private_rent", "middle_rent", "owner")
BANDS = ("low", "middle", "high")


class ScenarioError(Exception):
    """A scenario file that cannot be used; the message is one line: file:line: what is wrong."""


def check_shares(value: dict[str, float], what: str) -> dict[str, float]:
    """Shares must be non-negative and sum to 1."""
    for key, share in value.items():
        if not 0 <= share <= 1:
            raise ValueError(f"{what} share '{key}' must be in [0, 1], got {share}")
    total = sum(value.values())
    if not math.isclose(total, 1.0, abs_tol=SHARE_TOLERANCE):
        raise ValueError(f"{what} shares must sum to 1, got {total:.4g}")
    return value


class RunSettings(Strict):
    """How long, how often and with which seed to run."""

    years: int = Field(20, ge=1, le=100, description="horizon in years (monthly steps)",
                       json_schema_extra={"range": [10, 30], "unit": "years", "source": "MODEL.md (20-year horizon)"})
    seed: int = Field(2026, ge=0, le=2**63 - 1, description="base seed; replication r uses seed + r",
                      json_schema_extra={"range": "any integer >= 0 (not swept)", "unit": "", "source": "run setting"})
    replications: int = Field(4, ge=1, le=1000, description="independent replications",
                              json_schema_extra={"range": [4, 100], "unit": "", "source": "run setting"})
    burn_in_years: int = Field(5, ge=0, le=20, description="years simulated before year 0 so problems, network and housing settle (not reported)",
                               json_schema_extra={"range": [5, 20], "unit": "years", "source": "assumed"})


class Grid(Strict):
    """The city grid: one dwelling at most per cell."""

    width: int = Field(ge=1, le=20000)
    height: int = Field(ge=1, le=20000)


class Facilities(Strict):
    """Facilities of a buurt."""

    meeting_places: int = Field(1, ge=0, le=20, description="buurthuis, library, koffiecorner, sports club")
    school: bool = Field(True, description="a primary school in the buurt")
    wijkteam_access_point: bool = Field(False, description="a physical access point of the sociale wijkteam")


class Wijk(Strict):
    """One wijk: a rectangle of the grid split into buurten, with its housing stock."""

    area: list[int] = Field(description="[x, y, width, height] in grid cells; every cell is a dwelling")
    buurten: list[int] = Field(description="[columns, rows]: the wijk is split into columns x rows buurten")
    tenure: dict[str, float] = Field(description=f"shares of dwellings by tenure: {', '.join(TENURES)}")
    price_bands: dict[str, float] = Field(description="shares of the non-social stock in the low, middle and high price band")
    family_dwellings: float = Field(0.4, ge=0, le=1, description="share of dwellings large enough for a family")
    facilities: Facilities = Field(default_factory=Facilities, description="facilities of every buurt of this wijk")
    buurt_facilities: dict[str, Facilities] = Field(default_factory=dict, description="per-buurt overrides, keyed by buurt name (e.g. Noord-2)")

    @field_validator("area")
    @classmethod
    def _area(cls, v):
        if len(v) != 4 or v[0] < 0 or v[1] < 0 or v[2] < 1 or v[3] < 1:
            raise ValueError(f"area must be [x, y, width, height] with x, y >= 0 and width, height >= 1, got {v}")
        return v

    @field_validator("buurten")
    @classmethod
    def _buurten(cls, v):
        if len(v) != 2 or min(v) < 1:
            raise ValueError(f"buurten must be [columns, rows], each >= 1, got {v}")
        return v

    @field_validator("tenure")
    @classmethod
    def _tenure(cls, v):
        unknown = set(v) - set(TENURES)
        if unknown:
            raise ValueError(f"unknown tenure {sorted(unknown)}; allowed: {list(TENURES)}")
        return check_shares(v, "tenure")

    @field_validator("price_bands")
    @classmethod
    def _bands(cls, v):
        return check_shares(exact_keys(v, BANDS, "price_bands"), "price band")

    @model_validator(mode="after")
    def _buurt_fit(self):
        cols, rows = self.buurten
        if cols > self.area[2] or rows > self.area[3]:
            raise ValueError(f"buurten {self.buurten} do not fit in an area of {self.area[2]} x {self.area[3]} cells")
        return self


def _error_at(loc: tuple, message: str, kind: str = "scenario") -> ValidationError:
    """A validation error at `loc` (relative to the model being validated), for a validator to
    raise; kind "missing" reads as "required key is missing"."""
    return ValidationError.from_exception_data("scenario", [InitErrorDetails(
        type=PydanticCustomError(kind, "{message}", {"message": message}), loc=loc, input=None)])


_GRID_WIJKEN = TypeAdapter(Annotated[dict[str, Wijk], Field(min_length=1)])
CBS_COMPLEX_SIZE = 50  # dwellings per corporation complex, assumed (20-200): docs/model.md, "Building a city from CBS data"
CITY_GRID_KEYS = ("grid", "wijken", "complex_size")
CITY_CBS_KEYS = ("from_cbs", "gemeente", "wijken", "scale", "complex_size", "occupancy", "empty_buurten", "facilities",
                 "buurt_facilities", "sha256")


class City(Strict):
    """The city: a grid of wijken split into buurten (`grid`, and `wijken` by name), or the real
    wijken and buurten of a gemeente built from CBS "Kerncijfers wijken en buurten" (`from_cbs`,
    `gemeente`, and `wijken` as codes; docs/model.md, "Building a city from CBS data")."""

    grid: Grid | None = Field(None, description="grid city: its width and height in cells")
    from_cbs: str | None = Field(None, description="CBS city: a StatLine CSV export of Kerncijfers wijken en buurten, relative to the scenario file")
    gemeente: str | None = Field(None, description="CBS city: the gemeente's code, e.g. GM0363")
    # grid city: dict[str, Wijk]; CBS city: list[str] or None (see _wijken). Annotated as the dict,
    # which _allowed_keys reads to name a wijk's keys.
    wijken: dict[str, Wijk] = Field(None, description="grid city: the wijken by name; CBS city: their codes (WK......), all of the gemeente's if left out; after validation their names with code, 'Centrum (WK036300)', as interventions and indicators name them")
    scale: float = Field(1.0, gt=0, le=1, description="CBS city: simulated households per real household (0.1 simulates one in ten)")
    occupancy: float | None = Field(None, gt=0, le=1, description="CBS city: share of dwellings occupied at the start (default: model.demography.occupancy)")
    complex_size: int | None = Field(None, ge=1, le=1000, description="dwellings of one tenure that lie together (a corporation complex), in real dwellings: tenure is laid out in near-square blocks of about complex_size x scale cells; 1 scatters tenure at random within each buurt (grid city: each wijk). Default: 50 for a CBS city (assumed), 1 for a grid city (its published figures were made with scattered tenure)")
    empty_buurten: Literal["error", "skip"] = Field("skip", description="CBS city: wijken and buurten without households (or rounding to 0 at this scale) are left out with one notice (skip), or stop with an error (error)")
    facilities: Facilities = Field(default_factory=Facilities, description="CBS city: facilities of every buurt")
    buurt_facilities: dict[str, Facilities] = Field(default_factory=dict, description="CBS city: per-buurt overrides, keyed by buurt code (BU........)")
    sha256: str | None = Field(None, description="CBS city: checksum of the file; scenario.resolved.yaml records it, and a file that no longer matches is an error")

    _cbs: Any = PrivateAttr(None)   # cbs.Selection: the file's figures, read while validating the city
    _plan: Any = PrivateAttr(None)  # cbs.CbsPlan: made when the whole scenario is validated (needs the model)

    @field_validator("gemeente")
    @classmethod
    def _gemeente(cls, v):
        if v is None:
            return v
        code = str(v).strip().upper()
        if not re.fullmatch(r"GM\d{4}", code):
            raise ValueError(f"'{v}' is not a gemeente code (GM and four digits, e.g. GM0363)")
        return code

    @field_validator("complex_size")
    @classmethod
    def _complex_size(cls, v, info: ValidationInfo):
        if v is None:
            return 1 if info.data.get("from_cbs") is None else CBS_COMPLEX_SIZE
        return v

    @field_validator("wijken", mode="plain")
    @classmethod
    def _wijken(cls, v, info: ValidationInfo):
        if info.data.get("from_cbs") is not None:
            if v is None:
                return None
            if not isinstance(v, list):
                raise _error_at((), "a CBS city's wijken are a list of wijk codes, e.g. [WK036300, WK036301]")
            codes: list[str] = []
            for i, item in enumerate(v):
                # a code, or a wijk's name as the city gives it, 'Centrum (WK036300)'
                found = re.fullmatch(r"(?:.*\()?\s*(WK\d{6})\s*\)?", item.strip().upper()) if isinstance(item, str) else None
                code = found.group(1) if found else ""
                if not code:
                    raise _error_at((i,), f"'{item}' is not a wijk code (WK and six digits, e.g. WK036300)")
                if code in codes:
                    raise _error_at((i,), f"wijk {code} is listed twice")
                codes.append(code)
            return codes
        if v is None:
            raise PydanticCustomError("missing", "Field required")
        if isinstance(v, list):
            raise _error_at((), "a list of wijk codes needs from_cbs (a city from CBS data); a grid city's wijken "
                                "map each name to its area, buurten, tenure and price_bands")
        return _GRID_WIJKEN.validate_python(v, context=info.context)

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo):
        given = self.model_fields_set
        if self.from_cbs is None:
            extra = [k for k in CITY_CBS_KEYS if k in given and k not in CITY_GRID_KEYS]
            if extra:
                raise _error_at((extra[0],), "only for a city built from CBS data (from_cbs)")
            if self.grid is None:
                raise _error_at(("grid",), "Field required", "missing")
            return self._layout()
        if self.grid is not None:
            raise _error_at(("grid",), "not used with from_cbs: the grid is laid out from the CBS buurten")
        if self.gemeente is None:
            raise _error_at(("gemeente",), "Field required", "missing")
        self._read_cbs((info.context or {}).get("scenario_dir"))
        return self

    def _layout(self):
        taken: dict[tuple[int, int], str] = {}
        for name, wijk in self.wijken.items():
            x, y, w, h = wijk.area
            if x + w > self.grid.width or y + h > self.grid.height:
                raise ValueError(f"wijk {name}: area {wijk.area} lies outside the {self.grid.width} x {self.grid.height} grid")
            for other, o in taken.items():
                if x < o[0] + o[2] and o[0] < x + w and y < o[1] + o[3] and o[1] < y + h:
                    raise ValueError(f"wijk {name}: area {wijk.area} overlaps wijk {other}")
            taken[name] = wijk.area
            names = {f"{name}-{i + 1}" for i in range(wijk.buurten[0] * wijk.buurten[1])}
            unknown = set(wijk.buurt_facilities) - names
            if unknown:
                raise ValueError(f"wijk {name}: unknown buurt {sorted(unknown)} in buurt_facilities; buurten are {name}-1 .. {name}-{len(names)}")
        return self

    def _read_cbs(self, scenario_dir: Any):
        """Read the CBS file and take the gemeente's wijken and buurten from it. A problem in the
        file is a ScenarioError naming the file and its line; a code the file lacks names the
        scenario's line."""
        from . import cbs

        path = Path(self.from_cbs).expanduser()
        relative = not path.is_absolute()
        if relative and scenario_dir is not None:
            path = Path(scenario_dir) / path
        shown = os.path.normpath(path)
        try:
            exists = path.is_file()
        except (OSError, ValueError):  # a name the file system cannot take
            raise _error_at(("from_cbs",), f"{self.from_cbs!r} is not a usable file name") from None
        if not exists:
            raise _error_at(("from_cbs",), f"no such file: {shown}" + (" (a path relative to the scenario file)" if relative else ""))
        try:
            table = cbs.read_table(path, shown)
            if self.sha256 is not None and self.sha256 != table.sha256:
                raise _error_at(("sha256",), f"{shown} has changed since this scenario was written (its sha256 is "
                                             f"{table.sha256[:12]}..., not {self.sha256[:12]}...)")
            selection = cbs.select(table, self.gemeente, self.wijken, self.empty_buurten, self.scale)
        except cbs.CbsFileError as exc:
            raise ScenarioError(str(exc)) from None
        except cbs.CbsCodeError as exc:
            raise _error_at(exc.loc, exc.message) from None
        codes = [b.code for b in selection.buurten]
        unknown = sorted(set(self.buurt_facilities) - set(codes))
        if unknown:
            raise _error_at(("buurt_facilities", unknown[0]), f"unknown buurt {unknown[0]}; the city's buurten are "
                                                              f"{', '.join(codes[:10])}{' ...' if len(codes) > 10 else ''}")
        self.from_cbs = str(path.resolve())
        self.sha256 = table.sha256
        self.wijken = [w.name for w in selection.wijken]  # 'Centrum (WK036300)': as the layout names them
        self._cbs = selection
        self._plan = None

    @field_serializer("wijken")
    def _dump_wijken(self, value, info):
        if isinstance(value, dict):
            return {name: wijk.model_dump(mode=info.mode) for name, wijk in value.items()}
        return None if value is None else list(value)

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        data = handler(self)
        keys = CITY_GRID_KEYS if self.from_cbs is None else CITY_CBS_KEYS
        return {k: v for k, v in data.items() if k in keys}

    # -- for the builders and the command line ---------------------------------------------------
    @property
    def is_cbs(self) -> bool:
        """Whether the city is built from CBS data."""
        return self.from_cbs is not None

    def resolve_cbs(self, model: ModelParams) -> None:
        """Map the CBS figures onto the model (numbers, tenure, price bands, class mixes); called
        when the whole scenario is validated, since the mapping needs the model parameters."""
        from . import cbs

        if self.occupancy is None:
            self.occupancy = model.demography.occupancy
        try:
            self._plan = cbs.plan(self._cbs, model, self.scale, self.occupancy)
        except cbs.CbsFileError as exc:
            raise ScenarioError(str(exc)) from None

    @property
    def cbs_plan(self) -> Any:
        """The cbs.CbsPlan of a CBS city (from a validated Scenario)."""
        if self._plan is None:
            raise RuntimeError("a city from CBS data is laid out from a validated Scenario (City.resolve_cbs)")
        return self._plan

    def wijk_names(self) -> list[str]:
        """The wijken's names as the layout and the indicators use them."""
        return list(self.wijken)

    def n_dwellings(self) -> int:
        """Number of dwellings of the city."""
        if self.is_cbs:
            return self.cbs_plan.n_dwellings
        return sum(w.area[2] * w.area[3] for w in self.wijken.values())

    def notices(self) -> list[str]:
        """One line per kind of fallback used in building a CBS city (empty for a grid city)."""
        if not self.is_cbs:
            return []
        return list(self._plan.notices if self._plan is not None else self._cbs.notices)


def _class_shares(v: dict[str, float]) -> dict[str, float]:
    return check_shares(exact_keys(v, CLASS_KEYS, "class shares"), "class")


ClassShares = Annotated[dict[str, float], AfterValidator(_class_shares)]


class InMovers(Strict):
    """Who moves into the city."""

    classes: ClassShares = Field(description="SCP class shares of in-movers")


class Population(Strict):
    """Who lives where at the start, and who moves in."""

    wijken: dict[str, ClassShares] | None = Field(
        None, description="per wijk: SCP class shares of its households (a grid city); left out for a city "
                          "built from CBS data, whose class mix per buurt follows from its CBS figures")
    in_movers: InMovers

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        data = handler(self)
        if data.get("wijken") is None:
            data.pop("wijken", None)
        return data


def resolve_wijk(key: str, names: list[str]) -> str | None:
    """The wijk a scenario means by `key`: its name, or for a CBS city also its code or its
    name without the code ("WK036300" or "Centrum" for "Centrum (WK036300)", the latter when
    only one wijk has that name); None if there is none."""
    if key in names:
        return key
    by_code = [n for n in names if n.endswith(f"({key})")]
    by_name = [n for n in names if n.startswith(f"{key} (") and n.endswith(")")]
    return (by_code or by_name)[0] if len(by_code or by_name) == 1 else None


def _intervention_kind(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value))
    if isinstance(value, BaseModel):
        return next(iter(type(value).model_fields))
    return None


def _intervention_item_type():
    """A list item `{kind: {...}}` for every registered intervention kind."""
    from .interventions import KINDS

    members = tuple(Annotated[create_model(f"{kind}_item", __base__=Strict, **{kind: (cls.Spec, ...)}), Tag(kind)]
                    for kind, cls in sorted(KINDS.items()))
    return Annotated[Union[members], Discriminator(
        _intervention_kind, custom_error_type="unknown_intervention",
        custom_error_message=f"an intervention is one key naming its kind, one of: {', '.join(sorted(KINDS))}")]


InterventionItem = _intervention_item_type()


class Scenario(Strict):
    """A complete scenario: run settings, city, population, model parameters and interventions."""

    name: str = Field(min_length=1)
    description: str = ""
    run: RunSettings = Field(default_factory=RunSettings)
    city: City
    population: Population
    model: ModelParams = Field(default_factory=ModelParams)
    interventions: list[InterventionItem] = Field(default_factory=list, description="policy interventions, each `{kind: {...}}`")
    priorities: Priorities = Field(default_factory=Priorities, description="what residents find important, per wijk (the report ranks scenarios by it)")
    mkba: Mkba = Field(default_factory=Mkba, description="unit values and discount rate of the report's social cost-benefit account")

    def intervention_specs(self) -> list[tuple[str, Any]]:
        """(kind, spec) of every intervention, in file order."""
        return [(kind, getattr(item, kind)) for item in self.interventions for kind in type(item).model_fields]

    @model_validator(mode="after")
    def _interventions_in_city(self):
        """Every intervention's wijken exist; from here on they carry the city's own names."""
        names = list(self.city.wijken)
        for n, (kind, spec) in enumerate(self.intervention_specs()):
            resolved = [resolve_wijk(w, names) for w in spec.wijken]
            unknown = {w for w, r in zip(spec.wijken, resolved) if r is None}
            if unknown:
                raise ValueError(f"interventions[{n}] {kind}: unknown wijken {sorted(unknown)}; the city has {names}")
            if spec.years[1] > self.run.years:
                raise ValueError(f"interventions[{n}] {kind}: years {spec.years} end after the horizon of {self.run.years} years")
            spec.wijken = resolved
        return self

    @model_validator(mode="after")
    def _priorities_in_city(self):
        """The residents' priorities name wijken of the city; from here on by the city's own names."""
        names = list(self.city.wijken)
        resolved = {w: resolve_wijk(w, names) for w in self.priorities.wijken}
        unknown = [w for w, r in resolved.items() if r is None]
        if unknown:
            raise _error_at(("priorities", "wijken", unknown[0]), f"unknown wijk; the city has {names}")
        self.priorities.wijken = {resolved[w]: weights for w, weights in self.priorities.wijken.items()}
        return self

    @model_validator(mode="after")
    def _population_matches_city(self):
        if self.city.is_cbs:  # each buurt's class mix follows from its CBS figures
            if self.population.wijken is not None:
                raise _error_at(("population", "wijken"), "leave out for a city built from CBS data (city.from_cbs): "
                                                          "each buurt's class mix follows from its CBS figures")
            self.city.resolve_cbs(self.model)
            return self
        if self.population.wijken is None:
            raise _error_at(("population", "wijken"), "Field required", "missing")
        city, pop = set(self.city.wijken), set(self.population.wijken)
        if city != pop:
            parts = [f"no class shares for {sorted(city - pop)}" if city - pop else "",
                     f"class shares for unknown wijken {sorted(pop - city)}" if pop - city else ""]
            raise ValueError("population.wijken must match city.wijken: " + "; ".join(p for p in parts if p))
        return self


def _locate(node: Any, loc: tuple) -> tuple[int, int]:
    """(1-based line, depth) of the deepest node of `loc` present in the YAML tree."""
    line, depth = 1, 0
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            node = node[key]
            depth += 1
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + 1
            node = node[key]
            depth += 1
    return line, depth


MAX_FILE_BYTES = 5_000_000   # a scenario file is a few kB; CBS data is read from its own file
MAX_DEPTH = 64               # nesting of mappings and lists
MAX_VALUES = 1_000_000       # values once anchors and aliases are expanded


def _flow_depth(text: str) -> int:
    """The deepest nesting of [ and { (counting brackets in strings too: an upper bound)."""
    depth = deepest = 0
    for ch in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _parse_yaml(path: Path, text: str) -> Any:
    """The YAML tree of `text`, or ScenarioError naming the file and line."""
    if _flow_depth(text) > 10 * MAX_DEPTH:  # the parser would take long to find out
        raise ScenarioError(f"{path}:1: invalid YAML: nested too deeply")
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ScenarioError(f"{path}:{line}: invalid YAML: {problem}") from None
    except YAMLError as exc:  # e.g. a character YAML does not allow, with its position in the text
        where = getattr(exc, "position", None)
        line = text.count("\n", 0, where) + 1 if isinstance(where, int) else 1
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScenarioError(f"{path}:{line}: invalid YAML: {first}") from None
    except RecursionError:
        raise ScenarioError(f"{path}:1: invalid YAML: nested too deeply") from None
    except TypeError:  # ruamel cannot hash a list or mapping used as a key
        raise ScenarioError(f"{path}:1: invalid YAML: a list or mapping is used as a key") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of thousands of digits
        raise ScenarioError(f"{path}:1: invalid YAML: {str(exc).splitlines()[0]}") from None


def _check_tree(path: Path, tree: dict) -> None:
    """Refuse trees that would take the validator long or forever: nested deeper than MAX_DEPTH,
    expanding to more than MAX_VALUES values through anchors and aliases, or referring to
    themselves. Iterative, and linear in the nodes of the file."""
    size: dict[int, int] = {}

    def children(node):
        if isinstance(node, dict):
            return list(node.keys()) + list(node.values())
        return list(node) if isinstance(node, (list, tuple)) else []

    for key, value in tree.items():
        line = tree.lc.key(key)[0] + 1 if isinstance(tree, CommentedMap) and key in tree else 1
        stack, on_path = [(value, 1, False)], set()
        while stack:
            node, depth, done = stack.pop()
            if not isinstance(node, (dict, list, tuple)) or (id(node) in size and not done):
                continue
            if done:
                on_path.discard(id(node))
                size[id(node)] = 1 + sum(size.get(id(c), 1) for c in children(node))
                if size[id(node)] > MAX_VALUES:
                    raise ScenarioError(f"{path}:{line}: {key}: expands to more than {MAX_VALUES:,} values "
                                        "through anchors and aliases")
                continue
            if id(node) in on_path:
                raise ScenarioError(f"{path}:{line}: {key}: an alias refers to the value that holds it")
            if depth > MAX_DEPTH:
                raise ScenarioError(f"{path}:{line}: {key}: nested more than {MAX_DEPTH} levels deep")
            on_path.add(id(node))
            stack.append((node, depth, True))
            for child in children(node):
                if id(child) in on_path:
                    raise ScenarioError(f"{path}:{line}: {key}: an alias refers to the value that holds it")
                stack.append((child, depth + 1, False))


def _read_yaml(path: Path) -> Any:
    """The YAML tree of a file (with line marks), or ScenarioError."""
    if not path.is_file():
        raise ScenarioError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: {path.stat().st_size:,} bytes: too large for a scenario file "
                            f"(at most {MAX_FILE_BYTES:,})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from None
    tree = _parse_yaml(path, text)
    if not isinstance(tree, dict):
        raise ScenarioError(f"{path}:1: a scenario must be a mapping of keys (name, run, city, population, model)")
    _check_tree(path, tree)
    return tree


def _merged(parent: Any, child: Any) -> Any:
    """`child` on top of `parent`: mappings merge key by key, anything else is replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = _merged(parent[key], value) if key in parent else value
        return out
    return child


def _load_tree(path: Path, seen: tuple[Path, ...] = ()) -> tuple[Any, list[tuple[Path, Any]]]:
    """The merged tree of a file and the files it extends, with each file's own tree."""
    tree = _read_yaml(path)
    files = [(path, tree)]
    parent_name = tree.get("extends")
    if parent_name is None:
        return tree, files
    line = tree.lc.key("extends")[0] + 1
    if not isinstance(parent_name, str):
        raise ScenarioError(f"{path}:{line}: extends: expected the path of a scenario file")
    try:
        parent = (path.parent / parent_name).resolve()
        exists = parent.is_file()
    except (OSError, ValueError):  # a name the file system cannot take (NUL, lone surrogates, too long)
        raise ScenarioError(f"{path}:{line}: extends: {parent_name!r} is not a usable file name") from None
    if parent in seen:
        raise ScenarioError(f"{path}:{line}: extends: {parent_name} is extended in a loop")
    if not exists:
        raise ScenarioError(f"{path}:{line}: extends: no such file {parent_name}")
    parent_tree, parent_files = _load_tree(parent, seen + (path.resolve(),))
    own = {k: v for k, v in tree.items() if k != "extends"}
    return _merged(parent_tree, own), files + parent_files


def _allowed_keys(loc: tuple) -> list[str] | None:
    """The keys allowed in the mapping that holds the last element of `loc`."""
    model: Any = Scenario
    for key in loc[:-1]:
        if isinstance(model, type) and issubclass(model, BaseModel):
            field = model.model_fields.get(str(key))
            model = field.annotation if field else None
        else:
            args = get_args(model)
            model = args[-1] if args else None
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return None


def _describe(err: dict) -> str:
    """One readable sentence for one pydantic error."""
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(tuple(err["loc"]))
        return "unknown key" + (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
    if err["type"] == "missing":
        return "required key is missing"
    return msg


def _cbs_dir(files: list[tuple[Path, Any]]) -> Path:
    """The folder that city.from_cbs is relative to: that of the file that states it."""
    for file, tree in files:
        city = tree.get("city")
        if isinstance(city, dict) and "from_cbs" in city:
            return file.parent
    return files[0][0].parent


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (and the file it `extends:`, if any); raise
    ScenarioError with file:line on any problem."""
    path = Path(path)
    tree, files = _load_tree(path)
    try:
        return Scenario.model_validate(tree, context={"scenario_dir": _cbs_dir(files)})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        parts = [str(p) for i, p in enumerate(loc) if i == 0 or p != loc[i - 1]]  # a union tag repeats its key
        where = ".".join(parts) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        # the file that states the deepest part of the faulty key is the one to blame
        found = [(_locate(t, loc), -n, f) for n, (f, t) in enumerate(files)]
        (line, _), _, culprit = max(found, key=lambda x: (x[0][1], x[1]))
        shown = path if culprit == path else culprit
        raise ScenarioError(f"{shown}:{line}: {where}: {_describe(err)}{more}") from None


def resolved_yaml(scenario: Scenario) -> str:
    """The scenario with every default filled in, as YAML."""
    import io

    buf = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(scenario.model_dump(mode="json"), buf)
    return buf.getvalue()
