"""Model parameters of MODEL.md: each with a default, a plausible range and a source.

Every numeric parameter is declared with :func:`param`, which records the plausible range
(what a sensitivity analysis sweeps) and the source ("assumed" or a CALIBRATION.md figure)
next to the hard validity bounds that a scenario file may not cross.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

ASSUMED = "assumed"

CLASS_KEYS = (
    "werkende_bovenlaag",
    "jongere_kansrijken",
    "rentenierende_bovenlaag",
    "werkende_middengroep",
    "laagopgeleide_gepensioneerden",
    "onzekere_werkenden",
    "precariaat",
)
DOMAINS = ("debt", "health", "family", "work", "housing")


def exact_keys(value: dict, keys: tuple[str, ...], what: str) -> dict:
    """Check that a mapping has exactly the given keys."""
    missing, unknown = set(keys) - set(value), set(value) - set(keys)
    if missing or unknown:
        parts = [f"missing {sorted(missing)}" if missing else "", f"unknown {sorted(unknown)}" if unknown else ""]
        raise ValueError(f"{what} must name exactly {list(keys)}: " + "; ".join(p for p in parts if p))
    return value


def _per_domain(low: float | None = None, high: float | None = None, what: str = "") -> AfterValidator:
    """A validator for a mapping with exactly one value per problem domain, each in [low, high]."""
    def check(value: dict, info: ValidationInfo) -> dict:
        for k, x in exact_keys(value, DOMAINS, info.field_name).items():
            if not ((low is None or low <= x) and (high is None or x <= high)):
                raise ValueError(f"{info.field_name}.{k} must be {what}, got {x}")
        return value
    return AfterValidator(check)


PerDomain = Annotated[dict[str, float], _per_domain()]
DomainProbabilities = Annotated[dict[str, float], _per_domain(0.0, 1.0, "a probability in [0, 1]")]
DomainNonNegative = Annotated[dict[str, float], _per_domain(0.0, None, ">= 0")]


def param(default: float, lo: float, hi: float, doc: str, source: str = ASSUMED, *,
          ge: float | None = None, le: float | None = None, unit: str = "") -> Any:
    """A model parameter: default, plausible range [lo, hi], source, and hard bounds."""
    return Field(default, ge=ge, le=le, description=doc,
                 json_schema_extra={"range": [lo, hi], "source": source, "unit": unit})


def prob(default: float, lo: float, hi: float, doc: str, source: str = ASSUMED, unit: str = "") -> Any:
    """A probability or share in [0, 1]."""
    return param(default, lo, hi, doc, source, ge=0.0, le=1.0, unit=unit)


def pos(default: float, lo: float, hi: float, doc: str, source: str = ASSUMED, unit: str = "") -> Any:
    """A non-negative quantity."""
    return param(default, lo, hi, doc, source, ge=0.0, unit=unit)


class Strict(BaseModel):
    """Base for every scenario section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


class ClassProfile(Strict):
    """Mean capitals and age of one SCP class at the start (ordinal in SCP; numbers assumed)."""

    economic: float = Field(ge=0, le=1)
    cultural: float = Field(ge=0, le=1)
    social: float = Field(ge=0, le=1)
    personal: float = Field(ge=0, le=1)
    age: float = Field(ge=18, le=100)
    age_sd: float = Field(ge=0, le=30)
    employed: float = Field(ge=0, le=1, description="share employed among those below retirement age")
    student: float = Field(0.0, ge=0, le=1, description="share students among those below labour.study_end_age")


SCP_SOURCE = "SCP Eigentijdse ongelijkheid (2023): ordering; numbers assumed"
TAX_2024 = "own computation from the Belastingdienst 2024 box-1 tariff and heffingskortingen (docs/model.md, Housing)"
DEFAULT_PROFILES = {
    "werkende_bovenlaag": dict(economic=0.78, cultural=0.72, social=0.80, personal=0.80, age=43, age_sd=9, employed=0.97),
    "jongere_kansrijken": dict(economic=0.42, cultural=0.80, social=0.70, personal=0.86, age=29, age_sd=5, employed=0.78, student=0.5),
    "rentenierende_bovenlaag": dict(economic=0.74, cultural=0.64, social=0.50, personal=0.52, age=72, age_sd=7, employed=0.6),
    "werkende_middengroep": dict(economic=0.52, cultural=0.40, social=0.50, personal=0.62, age=47, age_sd=10, employed=0.93),
    "laagopgeleide_gepensioneerden": dict(economic=0.56, cultural=0.22, social=0.42, personal=0.34, age=74, age_sd=7, employed=0.4),
    "onzekere_werkenden": dict(economic=0.30, cultural=0.52, social=0.34, personal=0.50, age=44, age_sd=10, employed=0.72),
    "precariaat": dict(economic=0.14, cultural=0.14, social=0.18, personal=0.20, age=65, age_sd=12, employed=0.25),
}


class Classes(Strict):
    """SCP class profiles and the yearly re-derivation of class from capitals."""

    profiles: dict[str, ClassProfile] = Field(
        default_factory=lambda: {k: ClassProfile(**v) for k, v in DEFAULT_PROFILES.items()},
        description="per SCP class: mean capitals, age and labour shares at the start",
        json_schema_extra={"source": SCP_SOURCE})
    @field_validator("profiles")
    @classmethod
    def _all_classes(cls, v):
        return exact_keys(v, CLASS_KEYS, "profiles")

    capital_sd: float = param(0.08, 0.04, 0.15, "spread of each capital around its class mean at the start", ge=0, le=0.5)
    age_weight: float = param(1.0, 0.3, 2.0, "weight of age against the capitals when re-deriving class", ge=0)


class Setbacks(Strict):
    """1. Setbacks (draaglast): monthly hazards of new problems."""

    base_hazard: DomainProbabilities = Field(
        default_factory=lambda: {"debt": 0.0024, "health": 0.004, "family": 0.0025, "work": 0.002, "housing": 0.0015},
        description="monthly hazard of a new problem per domain for a household with capitals at 0.5",
        json_schema_extra={"range": [0.001, 0.015], "source": ASSUMED, "unit": "per month"})

    vulnerability_slope: float = pos(3.0, 1.0, 5.0, "log-hazard increase per unit of capital below 0.5")
    concentration_slope: float = pos(1.5, 0.0, 4.0, "log-hazard increase per unit share of households with an open problem in the buurt above concentration_reference")
    concentration_reference: float = prob(0.08, 0.04, 0.15, "share of households with an open problem at which the buurt adds no extra hazard")
    max_hazard: float = prob(0.2, 0.1, 0.5, "cap on a monthly hazard", unit="per month")
    warm_start_years: float = param(15, 0, 30, "years of setbacks and coping alone before the burn-in, so that open problems and their ages start near their steady state (0: no problems at the start)", "numerical setting: debt prevalence and its long share are stationary from year 0 (docs/validation.md)", ge=0, le=100, unit="years")


class Support(Strict):
    """2. Draagkracht and support from the network and from professionals."""

    own_weight: float = pos(1.0, 0.7, 1.3, "weight of own capitals (mean of economic, cultural, personal) in draagkracht")
    problem_weight: float = pos(0.22, 0.15, 0.35, "draaglast added by one open problem")
    escalated_extra: float = pos(0.5, 0.2, 1.0, "extra draaglast of an escalated problem, as a fraction of problem_weight")
    network_help_weight: float = pos(0.25, 0.0, 0.5, "most draagkracht that help from ties can add")
    network_help_scale: float = pos(0.6, 0.2, 1.5, "tie spare capacity at which network help reaches 63% of its maximum")
    helper_load_norm: float = pos(1.0, 0.5, 2.0, "a helper's spare capacity is shared among its ties with open problems: each gets strength / (helper_load_norm + summed strength of the helper's ties with problems)")
    helping_cost: float = pos(0.3, 0.0, 0.6, "draaglast a helper carries per unit of help it gives (helping costs; an overburdened mantelzorger)")
    need_margin: float = param(0.2, 0.1, 0.35, "a household with an open problem is in need when own capacity plus network help exceeds its draaglast by less than this (cannot solve it alone)")
    takeup_escalated: float = pos(0.5, 0.0, 1.0, "log-odds increase of seeking help with an escalated problem (severity)")
    professional_help: float = pos(0.3, 0.1, 0.5, "draagkracht added while in professional care")
    care_months: float = pos(6, 3, 12, "mean months of professional care", unit="months")
    takeup_intercept: float = param(-1.4, -3.0, 0.0, "log-odds that a household in need seeks help in a month (trust 0.5, no access point)")
    takeup_trust_slope: float = pos(3.0, 1.0, 5.0, "log-odds increase per unit of trust")
    takeup_findable: float = pos(0.5, 0.0, 1.0, "log-odds increase with a wijkteam access point in the buurt (vindbaar)")
    takeup_relatable: float = pos(0.6, 0.0, 1.5, "log-odds increase per unit share of bilingual/streetwise staff, for low-capital households")
    wijkteam_fte_per_1000: float = pos(1.0, 0.5, 2.0, "wijkteam FTE per 1,000 households in every wijk", unit="FTE")
    caseload_per_fte: float = pos(25, 15, 40, "households one FTE can support at once", unit="households")
    bilingual_staff_share: float = prob(0.1, 0.0, 0.5, "share of wijkteam staff who are bilingual/streetwise")
    takeup_domain: PerDomain = Field(
        default_factory=lambda: {"debt": -0.3, "health": 0.3, "family": 0.0, "work": -0.3, "housing": 0.0},
        description="log-odds added to seeking help by the domain of the open problem (the largest over open problems; shame keeps debts hidden longer)",
        json_schema_extra={"range": [-0.6, 0.6], "source": ASSUMED, "unit": ""})

    informal_help_min: float = prob(0.25, 0.1, 0.5, "network help, as a share of network_help_weight, that counts as informal help in the report")


class Coping(Strict):
    """3. Coping and escalation."""

    solve_max: float = prob(0.22, 0.1, 0.4, "highest monthly probability of solving a problem", unit="per month")
    solve_slope: float = pos(5.0, 2.0, 8.0, "logistic slope of solving on draagkracht minus draaglast")
    solve_midpoint: float = param(0.1, -0.2, 0.3, "draagkracht minus draaglast at which half of solve_max is reached")
    escalate_after: float = pos(9, 6, 18, "months a problem stays open before it can escalate", unit="months")
    escalate_hazard: DomainProbabilities = Field(
        default_factory=lambda: {"debt": 0.02, "health": 0.02, "family": 0.02, "work": 0.02, "housing": 0.025},
        description="monthly hazard that an overdue problem escalates, per domain, without help",
        json_schema_extra={"range": [0.01, 0.1], "source": ASSUMED, "unit": "per month"})

    solve_factor: DomainNonNegative = Field(
        default_factory=lambda: {"debt": 0.5, "health": 1.0, "family": 1.0, "work": 1.0, "housing": 1.0},
        description="solving probability of a fresh problem relative to solve_max, per domain (debts take longer; the debt value was set with the calibration of coping.chronic_floor to CBS debt figures)",
        json_schema_extra={"range": [0.3, 1.5], "source": ASSUMED, "unit": ""})

    duration_scale: float = pos(12, 6, 24, "months over which the solving probability falls from its fresh value towards the chronic floor", "calibrated to CBS: more than half of problematic debts last 3 years or more", unit="months")
    chronic_floor: float = prob(0.04, 0.02, 0.2, "solving probability of a long-open problem relative to a fresh one (the chronic part)", "calibrated to CBS: more than half of problematic debts last 3 years or more")
    escalated_resolution: DomainProbabilities = Field(
        default_factory=lambda: {"debt": 0.02, "health": 0.06, "family": 0.06, "work": 0.06, "housing": 0.06},
        description="monthly probability that the specialist route (schuldsanering, specialist or youth care, re-integration) closes an escalated problem, per domain, on top of the household's own solving (debt: schuldsanering took 3 years)",
        json_schema_extra={"range": [0.01, 0.12], "source": ASSUMED, "unit": "per month"})

    escalation_care_factor: float = prob(0.4, 0.2, 0.8, "escalation hazard multiplied by this while in professional care")
    escalation_network_relief: float = prob(0.5, 0.0, 0.8, "escalation hazard reduced by this fraction at full network help (proportionally below)")
    escalated_solve_factor: float = prob(0.5, 0.25, 1.0, "solving probability of an escalated problem relative to a normal one")
    escalation_personal_loss: float = pos(0.05, 0.02, 0.1, "personal capital lost at an escalation")
    eviction_hazard: float = prob(0.0025, 0.001, 0.005, "monthly hazard of eviction with an escalated debt or housing problem", "calibrated to Aedes: 1,400-3,000 evictions a year on about 2.3 million corporation homes (2018-2021)", unit="per month")
    escalation_cost: DomainNonNegative = Field(
        default_factory=lambda: {"debt": 6000, "health": 15000, "family": 20000, "work": 4000, "housing": 8000},
        description="one-off public cost of an escalation per domain (schuldsanering, specialist care, youth care, re-integration, eviction)",
        json_schema_extra={"range": [2000, 40000], "source": ASSUMED, "unit": "EUR"})

    care_cost_per_month: float = pos(400, 200, 800, "cost of one household-month of wijkteam support", unit="EUR")


class Capitals(Strict):
    """4. Capitals: monthly adjustment towards targets."""

    economic_rate: float = prob(0.05, 0.02, 0.15, "monthly fraction of the gap to the economic target closed", unit="per month")
    benefit_level: float = prob(0.18, 0.1, 0.25, "economic capital on benefit (bijstand)")
    basisbaan_level: float = prob(0.3, 0.2, 0.4, "economic capital in a basisbaan (minimum wage)")
    pension_base: float = prob(0.2, 0.1, 0.3, "economic capital from AOW alone")
    pension_replacement: float = prob(0.6, 0.4, 0.8, "share of earning potential kept as pension and wealth")
    debt_penalty: float = prob(0.08, 0.0, 0.15, "economic target lowered by an open debt problem")
    personal_rate: float = prob(0.03, 0.01, 0.08, "monthly fraction of the gap to the personal target closed", unit="per month")
    burden_effect: float = pos(0.25, 0.1, 0.5, "personal target lowered per unit of draaglast")
    age_decline: float = pos(0.006, 0.002, 0.01, "personal capital lost per year of age above 55", unit="per year")
    cultural_rate: float = prob(0.01, 0.003, 0.03, "monthly fraction of the gap to the cultural target closed", unit="per month")
    participation_gain: float = pos(0.04, 0.0, 0.1, "cultural target raised while working (job or basisbaan) or studying")
    basisbaan_personal_gain: float = pos(0.05, 0.0, 0.1, "personal target raised while in a basisbaan (Groningen's evaluation: wellbeing and health improved; no effect size published)")
    basisbaan_social_ties: float = pos(0.35, 0.0, 0.7, "tie capacity of colleagues while in a basisbaan, counted like ties outside the city network and fading after the place ends (Groningen's evaluation: more social contacts; no effect size published; 0.35 is two new ties of strength 0.35 with partners of capacity 0.5)")
    social_scale: float = pos(3.0, 1.5, 5.0, "weighted tie capacity at which social capital reaches 63%")
    outside_ties_halflife: float = pos(7.0, 4.0, 12.0, "years in which half the ties a new household brought from outside the city fade (its social capital counts them until then)", "Mollenhorst 2009; Mollenhorst, Volker & Flap 2014 (48% of personal network members still in the network after 7 years); range assumed", unit="years")


class Labour(Strict):
    """5. Labour market."""

    job_loss: float = prob(0.001, 0.0005, 0.01, "monthly job-loss hazard at cultural capital 0.5", unit="per month")
    job_loss_slope: float = pos(2.0, 0.5, 4.0, "log-hazard decrease of job loss per unit of cultural capital")
    job_find: float = prob(0.035, 0.02, 0.08, "monthly job-finding probability of a new benefit recipient at capitals 0.5, no kruiwagen", "calibrated with labour.duration_floor to CBS 2006 bijstand exit by duration (22% under 1 year, 8% over 3 years)", unit="per month")
    job_find_slope: float = pos(3.0, 1.0, 5.0, "log-odds increase of job finding per unit of cultural capital")
    personal_slope: float = pos(2.0, 0.5, 4.0, "log-odds increase of job finding per unit of personal capital")
    kruiwagen: float = pos(1.0, 0.0, 2.0, "relative increase of job finding with all ties employed (kruiwagen)")
    retirement_age: float = param(67, 65, 68, "AOW age: everyone not yet retired retires", "AOW 2024", ge=55, le=75, unit="years")
    study_end_age: float = param(25, 22, 27, "students enter the labour market at this age", ge=18, le=35, unit="years")
    work_problem_factor: float = pos(2.0, 1.0, 3.0, "job-loss hazard multiplied by this while a work problem is open")
    duration_floor: float = prob(0.15, 0.08, 0.3, "job finding of someone long on benefit relative to a new recipient (duration dependence)", "calibrated to CBS 2006: 22% of those under a year on bijstand left it within the year, 8% of those over 3 years")
    duration_scale: float = pos(4, 2, 12, "months on benefit over which job finding falls towards duration_floor", "calibrated to CBS 2006 bijstand exit by duration", unit="months")
    basisbaan_find_factor: float = pos(1.5, 1.0, 3.0, "job finding of a basisbaan holder relative to staying on benefit (work experience, an employer's reference; Groningen: 20 of 132 participants on a permanent contract by April 2024, no rate published)")
    long_term_months: float = pos(24, 12, 36, "months on benefit that count as long-term (basisbaan eligibility)", unit="months")


class Trust(Strict):
    """6. Trust in institutions."""

    base: float = prob(0.5, 0.4, 0.6, "trust a household returns to at capitals 0.5", "trust in parliament 2020: NL 52-58%, Heerlen-Noord 37% (CALIBRATION.md)")
    capital_slope: float = pos(0.5, 0.2, 0.8, "trust baseline increase per unit of mean economic and cultural capital", "CBS 2022 (lower trust with lower education and income)")
    relax_rate: float = prob(0.02, 0.005, 0.05, "monthly return towards the baseline", unit="per month")
    help_gain: float = pos(0.01, 0.0, 0.03, "trust gained per month of professional help", unit="per month")
    unmet_loss: float = pos(0.01, 0.0, 0.03, "trust lost per month of unmet need", unit="per month")
    escalation_loss: float = pos(0.05, 0.0, 0.1, "trust lost at an escalation")


class Children(Strict):
    """7. Children: school attainment and adult rank."""

    parent_weight: float = prob(0.45, 0.2, 0.7, "weight of parental capitals in yearly attainment")
    school_weight: float = prob(0.15, 0.0, 0.3, "weight of the school's composition in yearly attainment")
    learn_rate: float = prob(0.25, 0.1, 0.5, "yearly fraction of the gap to the attainment target closed", unit="per year")
    attainment_noise: float = pos(0.12, 0.05, 0.25, "yearly individual noise in attainment")
    adult_noise: float = pos(0.2, 0.15, 0.5, "noise between attainment and adult income position", "calibrated to Kansenkaart rank-rank slope 0.28")
    birth_rate: float = prob(0.06, 0.03, 0.1, "yearly probability of a child for heads aged 22-42 with fewer than three children (halved for single heads)", unit="per year")
    school_flight: float = prob(0.3, 0.0, 0.6, "yearly probability that a high-cultural-capital parent leaves a weak school for the best one in the city", unit="per year")
    flight_threshold: float = prob(0.6, 0.5, 0.8, "cultural capital above which parents consider another school")
    extended_day_gain: float = pos(0.0, 0.0, 0.1, "attainment target gain from an extended school day (0 in the baseline)")
    school_choice_local: bool = Field(False, description="school choice limited to the postcode area (no flight)",
                                      json_schema_extra={"range": [False, True], "unit": "", "source": "policy switch of MODEL.md; off in the baseline"})


class Housing(Strict):
    """8. Housing market."""

    base_move_rate: float = prob(0.085, 0.03, 0.12, "yearly probability of a move wish without dissatisfaction", "calibrated to about 5% internal moves a year (Benenson et al. 2002); docs/validation.md", unit="per year")
    tolerance: float = prob(0.3, 0.1, 0.6, "Schelling: least share of similar neighbours a household accepts")
    schelling_move_rate: float = prob(0.05, 0.0, 0.3, "yearly extra move probability when below tolerance", unit="per year")
    liveability_move_rate: float = prob(0.06, 0.0, 0.2, "yearly extra move probability per unit of liveability below 0.5", unit="per year")
    size_move_rate: float = prob(0.1, 0.0, 0.3, "yearly extra move probability of a family with children in a dwelling too small for a family", unit="per year")
    search_tries: int = Field(12, ge=1, le=200, description="vacancies a mover inspects per month", json_schema_extra={"range": [4, 30], "source": ASSUMED, "unit": ""})
    tie_loss_on_move: float = prob(0.6, 0.3, 0.9, "share of ties within the old buurt cut by a move")
    passend_toewijzen: bool = Field(True, description="households entitled to huurtoeslag get social rent at or below the aftoppingsgrens (2024 rules)",
                                    json_schema_extra={"range": [False, True], "unit": "", "source": "Passend toewijzen 2024 (CALIBRATION.md)"})
    income_limit_single: float = pos(27725, 25000, 32000, "passend toewijzen income limit, one person: at or below it a household counts as entitled to huurtoeslag", "Passend toewijzen 2024", unit="EUR/year")
    income_limit_multi: float = pos(37625, 33000, 42000, "passend toewijzen income limit, two or more persons", "Passend toewijzen 2024", unit="EUR/year")
    daeb_limit_single: float = pos(47699, 44000, 50000, "DAEB income limit for social rent, one person", "DAEB income limits 2024 (CALIBRATION.md)", unit="EUR/year")
    daeb_limit_multi: float = pos(52671, 48000, 56000, "DAEB income limit for social rent, two or more persons", "DAEB income limits 2024 (CALIBRATION.md)", unit="EUR/year")
    aftoppingsgrens_small: float = pos(650.43, 620, 680, "aftoppingsgrens, one or two persons: highest rent for a household entitled to huurtoeslag", "huurtoeslag 2024 (CALIBRATION.md)", unit="EUR/month")
    aftoppingsgrens_large: float = pos(697.07, 660, 730, "aftoppingsgrens, three or more persons (a couple with children)", "huurtoeslag 2024 (CALIBRATION.md)", unit="EUR/month")
    liberalisatiegrens: float = pos(879.66, 840, 920, "top of social rent", "liberalisatiegrens 2024 (CALIBRATION.md)", unit="EUR/month")
    social_cheap_share: float = prob(0.75, 0.6, 0.85, "share of social-rent dwellings with a rent at or below the aftoppingsgrens")
    social_rent_min: float = pos(450, 400, 550, "lowest social rent", unit="EUR/month")
    middle_rent_max: float = pos(1123, 1000, 1200, "highest middle rent (middenhuur)", unit="EUR/month")
    private_rent_band: list[float] = Field(
        default_factory=lambda: [800.0, 1100.0, 1600.0],
        description="mean private rent of a low, middle and high price band dwelling (each dwelling 85-115% of it)",
        json_schema_extra={"range": "-", "source": ASSUMED, "unit": "EUR/month"})
    rent_income_multiple: float = pos(2.5, 2.0, 3.5, "least yearly household income for private or middle rent, as a multiple of the yearly rent")
    urgent_share: float = prob(0.15, 0.05, 0.3, "share of social-rent vacancies offered first to urgent households (urgentie)")
    lottery_share: float = prob(0.1, 0.0, 0.25, "share of social-rent vacancies allocated by lottery among the applicants (loting)")
    statushouder_share: float = prob(0.03, 0.01, 0.06, "share of households moving into the city who are statushouders with urgentie (checked, not tuned, against CBS 2024: statushouders got about 6% of vacated corporation homes in 2021)")
    age_move_factor: list[float] = Field(
        default_factory=lambda: [2.0, 1.0, 0.6, 0.4],
        description="base move rate multiplied by this for heads aged under 30, 30-44, 45-64 and 65 or more",
        json_schema_extra={"range": "-", "source": "ordering: young households move most (Benenson et al. 2002; RIGO, CALIBRATION.md); factors assumed", "unit": ""})
    tenure_move_factor: list[float] = Field(
        default_factory=lambda: [1.0, 2.0, 1.5, 0.6],
        description="base move rate multiplied by this in social rent, private rent, middle rent and owner-occupied",
        json_schema_extra={"range": "-", "source": "ordering: private rent turns over fastest, owner-occupied slowest (CALIBRATION.md); factors assumed", "unit": ""})
    outside_offer_margin: float = pos(0.1, 0.0, 0.2, "an in-mover from outside who is not entitled to huurtoeslag (and could rent on the market) accepts a social-rent offer only in a buurt with liveability at least the mean buurt's minus this")
    downsize_move_rate: float = prob(0.05, 0.0, 0.15, "yearly extra move probability of a household aged 65 or more without children at home in a family dwelling", unit="per year")
    @field_validator("private_rent_band", "age_move_factor", "tenure_move_factor")
    @classmethod
    def _positive_lists(cls, v, info):
        size = 3 if info.field_name == "private_rent_band" else 4
        if len(v) != size or min(v) < 0:
            raise ValueError(f"{info.field_name} must be {size} non-negative numbers, got {v}")
        return v

    taxable_net_points: list[float] = Field(
        default_factory=lambda: [15000.0, 20000.0, 25000.0, 30000.0, 35000.0, 40000.0, 45000.0, 50000.0, 65000.0],
        description="net yearly income per adult at which housing.taxable_tax_rates hold (interpolated between them, constant beyond)",
        json_schema_extra={"range": "-", "source": TAX_2024, "unit": "EUR/year"})
    taxable_tax_rates: list[float] = Field(
        default_factory=lambda: [0.01, 0.02, 0.047, 0.136, 0.201, 0.257, 0.295, 0.323, 0.397],
        description="average tax (net of heffingskortingen) on taxable income at housing.taxable_net_points; the DAEB and passend-toewijzen limits are compared with the taxable income net / (1 - rate), per adult",
        json_schema_extra={"range": "-", "source": TAX_2024, "unit": ""})
    @field_validator("taxable_net_points", "taxable_tax_rates")
    @classmethod
    def _tax_table(cls, v, info):
        if len(v) != 9 or any(b <= a for a, b in zip(v, v[1:])) or v[0] < 0 or (info.field_name == "taxable_tax_rates" and v[-1] >= 1):
            raise ValueError(f"{info.field_name} must be 9 increasing non-negative numbers (rates below 1), got {v}")
        return v

    band_income: list[float] = Field(
        default_factory=lambda: [0.0, 38000.0, 70000.0],
        description="least household income for a low, middle and high price band dwelling",
        json_schema_extra={"range": "-", "source": ASSUMED, "unit": "EUR/year"})
    @field_validator("band_income")
    @classmethod
    def _bands(cls, v):
        if len(v) != 3 or any(b < a for a, b in zip(v, v[1:])) or v[0] < 0:
            raise ValueError(f"band_income must be three non-negative, increasing incomes (low, middle, high), got {v}")
        return v

    @field_validator("schelling_groups")
    @classmethod
    def _groups(cls, v):
        if len(v) != len(CLASS_KEYS) or min(v) < 0 or max(v) > 6:
            raise ValueError(f"schelling_groups must give a group 0-6 for each of the {len(CLASS_KEYS)} classes, got {v}")
        return v

    weight_liveability: float = pos(1.0, 0.0, 3.0, "weight of buurt liveability in choosing a dwelling")
    weight_similar: float = pos(1.0, 0.0, 3.0, "weight of meeting the Schelling tolerance in choosing a dwelling")
    weight_quality: float = pos(0.3, 0.0, 1.0, "weight of the price band (dwelling quality) in choosing a dwelling")
    weight_size: float = pos(0.5, 0.0, 1.5, "weight of a dwelling of the right size in choosing a dwelling")
    schelling_groups: list[int] = Field(
        default_factory=lambda: [0, 0, 0, 1, 1, 2, 2],
        description="group of each SCP class (in class order) for the Schelling similarity rule",
        json_schema_extra={"range": "-", "source": ASSUMED, "unit": ""})


class Network(Strict):
    """9. Network dynamics."""

    max_ties: int = Field(24, ge=4, le=64, description="most ties one household keeps", json_schema_extra={"range": [12, 40], "source": ASSUMED, "unit": ""})
    initial_ties_min: float = pos(2, 1, 4, "ties wanted by the least sociable household")
    initial_ties_max: float = pos(12, 8, 20, "ties wanted by the most sociable household")
    local_share: float = prob(0.7, 0.5, 0.9, "share of new ties within the own buurt (the rest within the own wijk)")
    homophily: float = pos(4.0, 1.0, 8.0, "log-odds penalty on a tie per unit of capital distance")
    meeting_homophily_factor: float = prob(0.5, 0.2, 1.0, "homophily at a meeting place relative to next door")
    meeting_rate: float = prob(0.02, 0.0, 0.06, "monthly chance of a meeting-place contact per meeting place in the buurt", unit="per month")
    formation_rate: float = prob(0.5, 0.2, 0.8, "monthly chance of seeking a new contact, times the share of wanted ties still missing", unit="per month")
    decay: float = prob(0.02, 0.005, 0.05, "monthly relative decay of a tie's strength", unit="per month")
    reinforce: float = prob(0.03, 0.0, 0.08, "monthly reinforcement of a tie within the same buurt", unit="per month")
    new_tie_strength: float = prob(0.35, 0.2, 0.5, "strength of a newly formed tie")
    drop_below: float = prob(0.1, 0.05, 0.2, "a tie weaker than this is dropped")
    lonely_below: float = pos(1.0, 0.5, 2.0, "summed tie strength below which a household counts as lonely")

    @model_validator(mode="after")
    def _ties_ordered(self):
        if self.initial_ties_min > self.initial_ties_max:
            raise ValueError(f"initial_ties_min ({self.initial_ties_min:g}) must not exceed initial_ties_max "
                             f"({self.initial_ties_max:g})")
        return self


class Demography(Strict):
    """10. Demography."""

    mortality_a: float = param(-10.3, -11, -9.5, "log annual mortality of the head at age 0 (Gompertz)", "CBS life tables, approximated", le=0)
    mortality_b: float = pos(0.095, 0.085, 0.105, "Gompertz growth of log mortality per year of age", "CBS life tables, approximated")
    survivor_continues: float = prob(0.4, 0.2, 0.6, "share of households that go on when the head dies (a partner remains)")
    out_migration: float = prob(0.045, 0.03, 0.07, "yearly probability of leaving the city", "Benenson et al. 2002 (about 5% in/out-migration)", unit="per year")
    occupancy: float = prob(0.97, 0.9, 0.995, "share of dwellings occupied that in-migration restores each month")
    young_migration_factor: float = pos(1.5, 1.0, 2.5, "out-migration multiplied by this for heads under 35", "Benenson et al. 2002 (mobility falls with age); factor assumed")
    old_migration_factor: float = pos(0.5, 0.2, 1.0, "out-migration multiplied by this for heads aged 65 or more", "Benenson et al. 2002 (mobility falls with age); factor assumed")
    single_share: float = prob(0.45, 0.35, 0.55, "share of single-person households among heads (plus 0.2 above age 70)", "CBS: about 40% of households are single-person; approximated")
    children_share: float = prob(0.5, 0.35, 0.65, "share of heads aged 25-50 of a new household (at the start or moving in) with children at home")
    leave_home_age: float = param(18, 17, 24, "age at which children leave home and get an adult rank", ge=16, le=30, unit="years")
    starter_stays: float = prob(0.3, 0.1, 0.5, "share of children leaving home who seek a dwelling in the city")
    starter_economic: float = prob(0.25, 0.15, 0.35, "economic capital of a starter household")
    starter_study_above: float = prob(0.55, 0.45, 0.7, "starters with attainment above this are students")
    starter_employed: float = prob(0.6, 0.4, 0.8, "share employed among starters who do not study")


class Liveability(Strict):
    """Buurt liveability index (after the Leefbaarometer's dimensions), against fixed references
    so that a city-wide change shows."""

    base: float = prob(0.5, 0.4, 0.6, "liveability of a buurt at the reference values, before meeting places are added")
    problem_weight: float = pos(2.0, 1.0, 4.0, "liveability lost per unit share of households with escalated problems above the reference (safety)")
    problem_reference: float = prob(0.015, 0.005, 0.03, "reference share of households with an escalated problem")
    owner_weight: float = pos(0.2, 0.0, 0.4, "liveability gained per unit owner share above the reference (housing stock)")
    owner_reference: float = prob(0.57, 0.5, 0.65, "reference owner-occupied share", "owner-occupied about 60% nationally (CALIBRATION.md)")
    meeting_weight: float = pos(0.005, 0.0, 0.03, "liveability gained per meeting place (amenities)", "Wittebrood & Permentier ~2011: extra greenery and sport facilities had almost no effect (CALIBRATION.md); docs/validation.md")
    capital_weight: float = pos(0.5, 0.2, 1.0, "liveability gained per unit of mean capital (economic, cultural, personal) above 0.5 (residents)")


class Income(Strict):
    """Yearly disposable (net) household income from labour state, composition and economic
    capital (docs/model.md, "Income"). Amounts are 2024 net amounts including vakantiegeld."""

    median: float = pos(27000, 22000, 32000, "net yearly earnings of an employed main earner at economic capital 0.5", "calibrated with income.spread and the pension parameters (partner_share held at 0.5) to CBS's median disposable household income (about EUR 38,000) and Gini of standardised income (0.27-0.29)", unit="EUR/year")
    spread: float = pos(3.0, 2.4, 3.6, "log-earnings range across economic capital 0 to 1", "calibrated to CBS's Gini of standardised disposable income (0.27-0.29)")
    partner_share: float = prob(0.5, 0.3, 0.8, "a partner's net earnings in an employed couple, as a share of the main earner's (most Dutch couples: one full-time and one part-time earner)")
    minimum_wage: float = pos(25000, 23000, 26500, "net yearly minimum wage, full time, including vakantiegeld: a basisbaan's pay", "WML 1 January 2024: EUR 13.27 an hour, 36 hours a week, 8% vakantiegeld, net of loonheffing with algemene heffingskorting and arbeidskorting (own computation)", unit="EUR/year")
    bijstand_single: float = pos(15406, 15000, 15800, "bijstandsnorm for a single person or single parent aged 21 to AOW age, net per year including vakantietoeslag", "Participatiewet normbedragen 1 January 2024 (SZW): EUR 1,283.83 a month", unit="EUR/year")
    bijstand_couple: float = pos(22008, 21500, 22500, "bijstandsnorm for a couple aged 21 to AOW age, net per year including vakantietoeslag", "Participatiewet normbedragen 1 January 2024 (SZW): EUR 1,834.04 a month", unit="EUR/year")
    aow_single: float = pos(18390, 17500, 19000, "AOW of a single person, net per year with loonheffingskorting, including vakantiegeld", "SVB AOW-bedragen 1 January 2024: EUR 1,459.53 net and EUR 76.20 vakantiegeld a month", unit="EUR/year")
    aow_couple: float = pos(25110, 24000, 26000, "AOW of a couple (both entitled), net per year with loonheffingskorting, including vakantiegeld", "SVB AOW-bedragen 1 January 2024: 2 x EUR 991.87 net and 2 x EUR 54.44 vakantiegeld a month", unit="EUR/year")
    pension_median: float = pos(12000, 7000, 17000, "net yearly supplementary (occupational) pension of a retired household at economic capital 0.5", "calibrated with the earnings to CBS's median disposable household income (about EUR 38,000) and Gini of standardised income", unit="EUR/year")
    pension_spread: float = pos(4.0, 3.0, 5.0, "log-pension range across economic capital 0 to 1", "calibrated with income.pension_median to CBS's median disposable household income and Gini (with the earnings)")
    student: float = pos(12000, 8000, 16000, "yearly income of a student household (studiefinanciering basisbeurs and a side job; student loans not counted)", unit="EUR/year")
    child_benefit: float = pos(1310, 1080, 1540, "kinderbijslag per child at home per year (kindgebonden budget, which depends on income, left out)", "SVB kinderbijslag 2024: EUR 269.76, 327.56 and 385.37 a quarter for ages 0-5, 6-11 and 12-17", unit="EUR/year")


class Cbs(Strict):
    """A city built from CBS Kerncijfers wijken en buurten (`city.from_cbs`): how a buurt's
    figures set its SCP class mix, and the national reference figures (docs/model.md,
    "Building a city from CBS data")."""

    income_strength: float = prob(1.0, 0.5, 1.0, "how far a CBS buurt's class mix follows its shares of low- and high-income households (1: the model reproduces them; 0: the SCP national mix)")
    age_strength: float = prob(1.0, 0.0, 1.0, "how far a CBS buurt's class mix follows its share of residents aged 65 or more (1: heads aged 65+ in proportion to it)")
    children_strength: float = prob(0.0, 0.0, 0.5, "how far a CBS buurt's class mix follows its share of households with children, by shifting heads into or out of ages 25-50 (the share itself is matched through each buurt's chance of children; off by default, since age 25-50 is not what keeps young singles childless)")
    national_low_income: float = prob(0.063, 0.044, 0.08, "national share of households below CBS's lage-inkomensgrens, used when the file has no Nederland row", "CBS (ESB 2024): 6.3% of households in 2021, 4.4% in 2022; 8.0% in 2008")
    national_high_income: float = prob(0.2, 0.19, 0.21, "national share of households in the national top 20% of standardised income, used when the file has no Nederland row", "CBS definition (20% huishoudens met hoogste inkomen)")
    national_65plus: float = prob(0.2, 0.19, 0.21, "national share of residents aged 65 or more, used when the file has no Nederland row", "CBS 2024 (about 20%), approximated")
    national_children: float = prob(0.32, 0.3, 0.35, "national share of households with children living at home, used (with cbs.children_strength above 0) when the file has no Nederland row", "CBS household statistics, approximated")


def switch(doc: str) -> Any:
    """A process that can be switched off (for teaching and for isolating a mechanism)."""
    return Field(True, description=doc, json_schema_extra={
        "range": [False, True], "unit": "", "source": "switch; MODEL.md (Schelling as a special case)"})


class Processes(Strict):
    """Which monthly processes run; all on by default. With only housing on, one tenure, two
    classes, and the other move reasons and utility terms set to zero, the housing market
    reduces to Schelling's model."""

    setbacks: bool = switch("1. new problems (draaglast)")
    support: bool = switch("2. draagkracht, network help and professional help")
    coping: bool = switch("3. solving and escalation of problems")
    capitals: bool = switch("4. capital dynamics")
    labour: bool = switch("5. job loss, job finding, retirement")
    trust: bool = switch("6. trust dynamics")
    children: bool = switch("7. children's attainment, births, leaving home")
    housing: bool = switch("8. moves and allocation of vacancies")
    network: bool = switch("9. tie decay and formation")
    demography: bool = switch("10. ageing, deaths, migration")


class ModelParams(Strict):
    """All parameters of the ten monthly processes."""

    processes: Processes = Field(default_factory=Processes)
    classes: Classes = Field(default_factory=Classes)
    setbacks: Setbacks = Field(default_factory=Setbacks)
    support: Support = Field(default_factory=Support)
    coping: Coping = Field(default_factory=Coping)
    capitals: Capitals = Field(default_factory=Capitals)
    labour: Labour = Field(default_factory=Labour)
    trust: Trust = Field(default_factory=Trust)
    children: Children = Field(default_factory=Children)
    housing: Housing = Field(default_factory=Housing)
    network: Network = Field(default_factory=Network)
    demography: Demography = Field(default_factory=Demography)
    liveability: Liveability = Field(default_factory=Liveability)
    income: Income = Field(default_factory=Income)
    cbs: Cbs = Field(default_factory=Cbs)
