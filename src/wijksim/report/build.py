"""Building report.html from a comparison folder: the numbers of each section, then the
Jinja2 template (templates/report.html.j2). Everything the page shows is in the one file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..labels import LABELS
from . import cohorts, mkba, priorities
from .data import Comparison, Run, beyond_noise, effect, load
from .figures import difference_plot
from .schema import MUNICIPALITY_INDICATORS, RESIDENT_OUTCOMES
from .text import (CLASS_NAMES, DIRECTION, HEADLINE, RESIDENT_LABELS, TENURE_NAMES, Texts, euro, number,
                   significant)

TEMPLATES = Path(__file__).parent / "templates"
MAIN = ["escalated_share", "unresolved_share", "escalations_per_1000", "employment_rate", "regular_employment_rate",
        "benefit_share",
        "take_up", "lonely_share", "trust", "liveability", "attainment", "bridging_share"]
NOT_MONETISED = ["trust", "lonely_share", "liveability", "attainment", "bridging_share", "take_up", "dissimilarity_class"]
# headline key -> (value per year from the indicator rows, +1 more is better / -1 less, 'count' or 'points')
HEADLINES = {
    "escalated": (lambda d: d["escalated_share"] * d["households"], -1, "count"),
    "unresolved": (lambda d: d["unresolved_share"] * d["households"], -1, "count"),
    "escalations": (lambda d: d["escalations_per_1000"] * d["households"] / 1000, -1, "count"),
    "work": (lambda d: d["households_in_work"], +1, "count"),
    "benefit": (lambda d: d["benefit_share"] * d["households"], -1, "count"),
    "lonely": (lambda d: d["lonely_share"] * d["households"], -1, "count"),
    "trust": (lambda d: 100 * d["trust"], +1, "points"),
    "liveability": (lambda d: 100 * d["liveability"], +1, "points"),
    "take_up": (lambda d: 100 * d["take_up"], +1, "points"),
    "attainment": (lambda d: 100 * d["attainment"], +1, "points"),
}


def capital(text: str) -> str:
    """The text with its first letter in capitals (the rest as it is: 'Gini' stays)."""
    return text[:1].upper() + text[1:]


def fmt(name: str, value: float, lang: str, signed: bool = False) -> str:
    """An indicator's value in its display unit, in the language's number style."""
    lab = LABELS[name]
    return number(value * lab.scale, lab.decimals, lang, signed)


def tone(diff: float, lo: float, hi: float, better: int, decimals: int | None = None) -> str:
    """'good', 'bad', 'info' (neither direction is better) or 'noise' (within chance, or zero
    at the `decimals` shown, or an interval that reaches zero at the `decimals` shown, so the
    reader never sees an effect called real whose printed interval holds 0): the CSS class of a
    difference."""
    if not beyond_noise(lo, hi):
        return "noise"
    if decimals is not None and (round(abs(diff), decimals) == 0 or round(lo, decimals) <= 0 <= round(hi, decimals)):
        return "noise"
    if better == 0:
        return "info"
    return "good" if np.sign(diff) == better else "bad"


def _interval_text(lo: float, hi: float, show) -> str:
    return f"{show(lo)} – {show(hi)}"


def headlines(base: Run, run: Run, t: Texts, limit: int = 4) -> list[dict]:
    """The largest effects beyond noise (relative to the baseline) in the target wijk, in plain
    words; then, for a package aimed at wijken, the net effect for the whole city on escalated
    problems and on benefit, so that effects pushed to other wijken are not hidden."""
    unit = run.targets[0] if run.targets else "city"
    where = unit if unit != "city" else t.city
    found = []
    for key, (value, better, kind) in HEADLINES.items():
        b, diff, lo, hi = effect(base.ind, run.ind, unit, value)
        if not beyond_noise(lo, hi):
            continue
        found.append((abs(diff) / max(abs(b), 1e-9), key, b, diff, lo, hi, better, kind))
    found.sort(key=lambda x: x[0], reverse=True)
    out = [_headline(key, diff, lo, hi, better, kind, t, where) for _, key, b, diff, lo, hi, better, kind in found[:limit]]
    if run.targets:
        for key in ("escalated", "benefit"):
            value, better, kind = HEADLINES[key]
            b, diff, lo, hi = effect(base.ind, run.ind, "city", value)
            out.append(_headline(key, diff, lo, hi, better, kind, t, t.city_net))
    return out


def _headline(key, diff, lo, hi, better, kind, t: Texts, where: str) -> dict:
    words = DIRECTION[kind][0 if t.lang == "nl" else 1]
    n = significant(abs(diff), t.lang)
    a, b = sorted((abs(lo), abs(hi))) if lo * hi > 0 else (lo, hi)  # an interval across zero keeps its signs
    text = capital(t.pick(HEADLINE[key]).format(n=n, dir=words[0] if diff > 0 else words[1]))
    return {"where": where, "text": text, "interval": f"{significant(a, t.lang)} – {significant(b, t.lang)}",
            "tone": tone(diff, lo, hi, better)}


def describe(kind: str, spec, t: Texts) -> str:
    """One intervention in words, from the scenario file."""
    nl = t.lang == "nl"
    pct = lambda x: number(100 * x, 0, t.lang) + "%"  # noqa: E731
    g = lambda x: number(x, 0 if float(x).is_integer() else 1, "nl")  # noqa: E731  (Dutch texts only)
    ten = lambda k: TENURE_NAMES[k][t.lang]  # noqa: E731
    if kind == "housing_mix":
        text = {"convert": (f"{pct(spec.share)} van de woningen in {ten(spec.from_tenure)} wordt {ten(spec.to_tenure)} als ze vrijkomen",
                            f"{pct(spec.share)} of the {ten(spec.from_tenure)} dwellings become {ten(spec.to_tenure)} as they fall vacant"),
                "sell_to_tenants": (f"{pct(spec.share)} van de woningen in {ten(spec.from_tenure)} wordt verkocht aan de huurders",
                                    f"{pct(spec.share)} of the {ten(spec.from_tenure)} dwellings are sold to their tenants"),
                "demolish_rebuild": (f"{pct(spec.share)} van de woningen in {ten(spec.from_tenure)} wordt gesloopt; er komt {ten(spec.to_tenure)} voor terug",
                                     f"{pct(spec.share)} of the {ten(spec.from_tenure)} dwellings are demolished and replaced by {ten(spec.to_tenure)}"),
                }[spec.mode]
    elif kind == "allocation":
        text = (f"bij {pct(spec.middle_income_share)} van de vrijgekomen sociale huurwoningen gaan middeninkomens voor",
                f"{pct(spec.middle_income_share)} of social-rent vacancies go to middle incomes first")
    elif kind == "meeting_places":
        many = spec.extra_per_buurt != 1
        text = (f"{spec.extra_per_buurt} extra ontmoetingsplek{'ken' * many} in elke buurt",
                f"{spec.extra_per_buurt} extra meeting place{'s' * many} in every buurt")
    elif kind == "connectors":
        text = (f"{g(spec.fte)} fte verbindingsofficieren die mensen met weinig contacten met anderen in contact brengen",
                f"{spec.fte:g} FTE of connectors who bring people with few ties into contact with others")
    elif kind == "basisbaan":
        text = (f"{spec.places} basisbanen (werk tegen minimumloon) voor mensen die lang een uitkering hebben",
                f"{spec.places} basisbanen (jobs at minimum wage) for people long on benefit")
    elif kind == "school_policy":
        day = spec.extended_day_gain > 0
        text = ("kinderen gaan naar school in de eigen buurt" * spec.local_choice + (", " if spec.local_choice and day else "") + "verlengde schooldag" * day,
                "children go to school in their own buurt" * spec.local_choice + (", " if spec.local_choice and day else "") + "extended school day" * day)
    elif kind == "wijkteam":
        parts = [(f"{g(spec.fte_per_1000_households)} fte per 1.000 huishoudens", f"{spec.fte_per_1000_households:g} FTE per 1,000 households")] if spec.fte_per_1000_households else []
        if spec.access_point:
            parts.append(("een inlooppunt in elke buurt", "a walk-in point in every buurt"))
        if spec.bilingual_staff_share:
            parts.append((f"{pct(spec.bilingual_staff_share)} tweetalige medewerkers", f"{pct(spec.bilingual_staff_share)} bilingual staff"))
        text = ("sterker wijkteam: " + ", ".join(p[0] for p in parts), "stronger wijkteam: " + ", ".join(p[1] for p in parts))
    elif kind == "buurtgezinnen":
        text = (f"buurtgezinnen: {g(spec.volunteer_families_per_1000_households)} steungezinnen per 1.000 huishoudens",
                f"buurtgezinnen: {spec.volunteer_families_per_1000_households:g} support families per 1,000 households")
    elif kind == "participation":
        text = ("bewoners beslissen mee (inwoner voorop)", "residents take part in decisions (inwoner voorop)")
    else:
        text = (kind, kind)
    first, last = spec.years
    where = ", ".join(spec.wijken)
    return f"{text[0 if nl else 1]} — {where}, {t('years_word', a=first, b=last)}"


def effects_tables(c: Comparison, run: Run, t: Texts) -> list[dict]:
    """Per unit (target wijken, the city, then the other wijken): the main indicators with
    baseline, scenario and difference, averaged over the horizon."""
    d = c.differences
    d = d[(d["scenario_name"] == run.name) & (d["period"] == "mean over years")]
    units = run.targets + ["city"] + [w for w in c.wijken if w not in run.targets]
    out = []
    for unit in units:
        rows = []
        for name in MAIN + (["dissimilarity_class"] if unit == "city" else []):
            r = d[(d["unit"] == unit) & (d["indicator"] == name)]
            if r.empty:
                continue
            r = r.iloc[0]
            lab = LABELS[name]
            rows.append({"label": capital(lab.text(t.lang)) + (f" ({lab.unit})" if lab.unit else ""),
                         "base": fmt(name, r["baseline"], t.lang), "scen": fmt(name, r["scenario"], t.lang),
                         "diff": fmt(name, r["difference"], t.lang, signed=True),
                         "interval": _interval_text(r["p5"], r["p95"], lambda v: fmt(name, v, t.lang)),
                         "tone": tone(r["difference"] * lab.scale, r["p5"], r["p95"], lab.better, lab.decimals)})
        out.append({"unit": t.city if unit == "city" else unit, "rows": rows, "target": unit in run.targets})
    return out


def _cohort_rows(table: pd.DataFrame, names, t: Texts) -> list[dict]:
    rows = []
    for r in table.itertuples(index=False):
        cells = []
        for key, (_num, _den, better, _scale) in list(cohorts.OUTCOMES.items()) + [(k, (None, None, 0, 100)) for k in cohorts.STAY]:
            diff, lo, hi = getattr(r, key), getattr(r, f"{key}_lo"), getattr(r, f"{key}_hi")
            cells.append({"diff": number(diff, 1, t.lang, signed=True),
                          "interval": _interval_text(lo, hi, lambda v: number(v, 1, t.lang)),
                          "tone": tone(diff, lo, hi, better, decimals=1)})
        rows.append({"group": names(r.group), "households": number(r.households, 0, t.lang), "cells": cells})
    return rows


MAX_WIJK_ROWS = 10  # with more wijken, those without a clear effect are folded away


def fold(rows: list[dict], quiet) -> dict:
    """The rows to show, and with more than MAX_WIJK_ROWS rows those for which `quiet(row)`
    holds apart (a real gemeente has dozens of wijken, most untouched by a package)."""
    if len(rows) <= MAX_WIJK_ROWS:
        return {"shown": rows, "quiet": []}
    return {"shown": [r for r in rows if not quiet(r)], "quiet": [r for r in rows if quiet(r)]}


def voor_wie(c: Comparison, run: Run, t: Texts) -> dict:
    """Cohort effects by class, tenure and children for households that started in the target
    wijken; by start wijk for the whole city; and the wijk-versus-own-residents table."""
    targets = run.targets or None
    order_cls = list(CLASS_NAMES)
    by = {}
    for key, names, order in (("cls", lambda g: CLASS_NAMES[g][t.lang], order_cls),
                              ("tenure", lambda g: TENURE_NAMES[g][t.lang], list(TENURE_NAMES)),
                              ("children", lambda g: t.children_yes if g else t.children_no, [True, False])):
        table = cohorts.group_effects(c.base.cohort, run.cohort, key, targets)
        table = table.set_index("group").reindex([g for g in order if g in set(table["group"])]).reset_index()
        by[key] = fold(_cohort_rows(table, names, t), lambda r: False)
    wijk_table = cohorts.group_effects(c.base.cohort, run.cohort, "wijk")
    wijk_table = wijk_table.set_index("group").reindex(c.wijken).reset_index()
    by["wijk"] = fold(_cohort_rows(wijk_table, lambda g: g, t),
                      lambda r: r["group"] not in run.targets and all(cell["tone"] == "noise" for cell in r["cells"]))
    d = c.differences
    d = d[(d["scenario_name"] == run.name) & (d["period"] == "mean over years") & (d["indicator"] == "escalated_share")]
    compare_rows, notes = [], []
    for r in wijk_table.itertuples(index=False):
        w = d[d["unit"] == r.group].iloc[0]
        wd, wlo, whi = 100 * w["difference"], 100 * w["p5"], 100 * w["p95"]
        moved = -r.in_start_wijk, -r.in_start_wijk_hi, -r.in_start_wijk_lo
        compare_rows.append({
            "wijk": r.group, "target": r.group in run.targets,
            "in_wijk": number(wd, 1, t.lang, True), "in_wijk_interval": _interval_text(wlo, whi, lambda v: number(v, 1, t.lang)),
            "in_wijk_tone": tone(wd, wlo, whi, -1, 1),
            "cohort": number(r.escalated, 1, t.lang, True),
            "cohort_interval": _interval_text(r.escalated_lo, r.escalated_hi, lambda v: number(v, 1, t.lang)),
            "cohort_tone": tone(r.escalated, r.escalated_lo, r.escalated_hi, -1, 1),
            "moved": number(moved[0], 1, t.lang, True), "moved_interval": _interval_text(moved[1], moved[2], lambda v: number(v, 1, t.lang)),
            "moved_tone": tone(moved[0], moved[1], moved[2], 0, 1)})
        if (r.group in run.targets and tone(wd, wlo, whi, -1, 1) != "noise" and np.sign(wd) == np.sign(r.escalated)
                and abs(wd) > 1.5 * abs(r.escalated)):
            notes.append(t("moved_note", wijk=r.group))
        if r.group not in run.targets and run.targets and tone(wd, wlo, whi, -1, 1) != "noise":
            note = t("spill_note", wijk=r.group, diff=number(abs(wd), 1, t.lang), dir=t.higher if wd > 0 else t.lower,
                     lo=number(wlo, 1, t.lang), hi=number(whi, 1, t.lang))
            if wd > 0 and r.escalated_hi <= 0:
                note += " " + t.spill_moves
            notes.append(note)
    scope = t("who_scope", wijken=", ".join(run.targets)) if run.targets else t.city
    quiet = lambda r: not r["target"] and r["in_wijk_tone"] == r["cohort_tone"] == r["moved_tone"] == "noise"  # noqa: E731
    return {"scope": scope, "by": by, "wijk_rows": fold(compare_rows, quiet), "notes": notes}


def residents(c: Comparison, t: Texts) -> dict:
    """Rankings per unit by residents' priorities and by the municipality's indicators."""
    prio = c.base.scenario.priorities
    names = [r.name for r in c.runs]
    units = ["city"] + c.wijken
    ranks = priorities.rankings(c.differences, units, names, prio, c.base.name)
    label = lambda n: t.baseline_name if n == c.base.name else n  # noqa: E731
    targets = {w for r in c.runs for w in r.targets}
    summary, detail = [], []
    for rk in ranks:
        unit = t.city if rk["unit"] == "city" else rk["unit"]
        r_first, m_first = rk["residents"].index[0], rk["municipality"].index[0]
        summary.append({"unit": unit, "r": label(r_first), "m": label(m_first), "same": rk["same_first"]})
        if rk["unit"] in targets or (not targets and rk["unit"] == "city"):
            rows = []
            for i in range(len(rk["residents"])):
                rows.append({"r": label(rk["residents"].index[i]), "r_score": number(rk["residents"].iloc[i], 0, t.lang),
                             "m": label(rk["municipality"].index[i]), "m_score": number(rk["municipality"].iloc[i], 0, t.lang)})
            weights = [{"label": t.pick(RESIDENT_LABELS[k]), "weight": number(w, 1 if w % 1 else 0, t.lang)}
                       for k, w in sorted(rk["weights"].items(), key=lambda kv: -kv[1]) if w > 0]
            sentence = (t("res_agree", first=label(r_first)) if rk["same_first"]
                        else t("res_disagree", r=label(r_first), m=label(m_first)))
            if rk["same_first"] and not rk["same_order"]:
                sentence += " " + t.res_order_differs
            detail.append({"unit": unit, "rows": rows, "weights": weights, "sentence": sentence,
                           "muni": [LABELS[k].text(t.lang) for k, w in prio.municipality.items() if w > 0]})
    classes = []
    if prio.classes:
        where = sorted(targets) or None
        effects = {r.name: cohorts.group_effects(c.base.cohort, r.cohort, "cls", where) for r in c.runs}
        for cr in priorities.class_rankings(effects, prio, c.base.name):
            order = " › ".join(f"{label(n)} ({number(s, 0, t.lang)})" for n, s in cr["ranking"].items()) if cr["ranking"] is not None else "–"
            weights = "; ".join(f"{t.pick(RESIDENT_LABELS[k])} ({number(w, 1 if w % 1 else 0, t.lang)})"
                                for k, w in sorted(cr["weights"].items(), key=lambda kv: -kv[1]) if w > 0)
            left = ", ".join(t.pick(RESIDENT_LABELS[k]) for k in cr["left_out"])
            classes.append({"cls": CLASS_NAMES[cr["cls"]][t.lang], "order": order, "weights": weights, "left_out": left})
    scope = t("who_scope", wijken=", ".join(sorted(targets))) if targets else t.city
    return {"source": t.source(prio.source), "summary": summary, "detail": detail, "classes": classes, "class_scope": scope}


def _party(name: str, t: Texts) -> str:
    return getattr(t, f"party_{name}")


def mkba_section(c: Comparison, t: Texts) -> dict:
    """The cost-benefit account of every scenario, its items, who pays and gains, the effects not
    monetised, and the cost per outcome where it is meaningful."""
    m = c.base.scenario.mkba
    out = []
    for run in c.runs:
        acc = mkba.account(c.base.ind, run.ind, m)
        items = []
        parties: dict[str, float] = {}
        for r in acc.items.itertuples(index=False):
            unit = ""
            if r.item in ("bijstand", "taxes", "evictions"):
                per = t.per_eviction if r.item == "evictions" else t.per_household_year
                unit = f"{euro(r.unit_value, t.lang)} {per} ({euro(r.range[0], t.lang)} – {euro(r.range[1], t.lang)})"
            items.append({"item": getattr(t, f"item_{r.item}"), "party": _party(r.party, t), "unit": unit,
                          "source": t.source(r.source), "pv": euro(r.pv, t.lang, True),
                          "interval": f"{euro(r.pv_lo, t.lang)} – {euro(r.pv_hi, t.lang)}",
                          "tone": tone(r.pv, r.pv_lo, r.pv_hi, 1)})
            parties[r.party] = parties.get(r.party, 0.0) + r.pv
        npv, bc = acc.npv, acc.bc
        verdict = ("verdict_unclear" if not beyond_noise(npv[1], npv[2]) else "verdict_pos" if npv[0] > 0
                   else "verdict_loss" if acc.pv_benefit < 0 else "verdict_neg")
        unit = run.targets[0] if run.targets else "city"
        d = c.differences
        d = d[(d["scenario_name"] == run.name) & (d["period"] == "mean over years") & (d["unit"] == unit)]
        effects = []
        for name in NOT_MONETISED:
            r = d[d["indicator"] == name]
            if r.empty:
                continue
            r = r.iloc[0]
            lab = LABELS[name]
            effects.append({"label": capital(lab.text(t.lang)) + (f" ({lab.unit})" if lab.unit else ""),
                            "diff": fmt(name, r["difference"], t.lang, True),
                            "interval": _interval_text(r["p5"], r["p95"], lambda v: fmt(name, v, t.lang)),
                            "tone": tone(r["difference"] * lab.scale, r["p5"], r["p95"], lab.better, lab.decimals)})
        co = c.costs[(c.costs["scenario_name"] == run.name) & (c.costs["unit"] == unit)].iloc[0]
        per_outcome = [{"label": t.po_escalation, "value": euro(co["eur_per_escalation_avoided"], t.lang)},
                       {"label": t.po_work, "value": euro(co["eur_per_household_year_in_work"], t.lang)},
                       {"label": t.po_trust, "value": euro(co["eur_per_trust_point"], t.lang)}]
        out.append({
            "name": run.name, "unit": unit if unit != "city" else t.city, "posts": items,
            "parties": [{"party": _party(p, t), "pv": euro(v, t.lang, True)} for p, v in parties.items()],
            "cost": euro(acc.pv_cost, t.lang), "benefit": euro(acc.pv_benefit, t.lang, True),
            "npv": euro(npv[0], t.lang, True), "npv_interval": f"{euro(npv[1], t.lang)} – {euro(npv[2], t.lang)}",
            "npv_tone": tone(npv[0], npv[1], npv[2], 1),
            "bc": number(bc[0], 2, t.lang), "bc_interval": f"{number(bc[1], 2, t.lang)} – {number(bc[2], 2, t.lang)}",
            "npv_low": euro(acc.npv_low, t.lang, True), "npv_high": euro(acc.npv_high, t.lang, True),
            "verdict": t(verdict, npv=euro(npv[0], t.lang, True), lo=euro(npv[1], t.lang), hi=euro(npv[2], t.lang),
                         bc=number(bc[0], 2, t.lang)),
            "effects": effects, "per_outcome": per_outcome,
            "cost_total": euro(float(run.ind.loc[(run.ind["unit"] == "city") & (run.ind["year"] > 0), "intervention_cost_eur"].sum()
                                     / run.ind["replication"].nunique()), t.lang),
        })
    return {"rate": number(100 * m.discount_rate, 2, t.lang) + "%", "packages": out}


def assumptions(run: Run, t: Texts) -> list[str]:
    """The intervention values of a scenario whose source is 'assumed'."""
    out = []
    for kind, spec in run.scenario.intervention_specs():
        for field, info in type(spec).model_fields.items():
            extra = info.json_schema_extra or {}
            if isinstance(extra, dict) and str(extra.get("source", "")).startswith("assumed"):
                value = getattr(spec, field)
                if value is None:
                    continue
                lo, hi = extra.get("range", [None, None])
                rng = f" ({t.pick(('bereik', 'range'))} {lo:g}–{hi:g})" if lo is not None else ""
                out.append(f"{kind}.{field} = {value:g}{rng}" if isinstance(value, (int, float)) else f"{kind}.{field} = {value}")
    return list(dict.fromkeys(out))


def context(c: Comparison, lang: str) -> dict:
    """Everything the template needs."""
    t = Texts(lang)
    account = mkba_section(c, t)
    packages = []
    for run, acc in zip(c.runs, account["packages"]):
        packages.append({
            "name": run.name, "id": run.name.replace(".", "-"),
            "measures": [describe(k, s, t) for k, s in run.scenario.intervention_specs()],
            "headlines": headlines(c.base, run, t), "verdict": acc["verdict"], "cost": acc["cost_total"],
            "cost_pv": acc["cost"], "tables": effects_tables(c, run, t), "plot": difference_plot(c.base, run, lang),
            "who": voor_wie(c, run, t), "assumptions": assumptions(run, t),
        })
    files = ["baseline"] + [r.name for r in c.runs]
    command = ("wijksim report " + " ".join(f"scenarios/{f}.resolved.yaml" for f in files) + " --out opnieuw"
               + (" --independent-seeds" if not c.manifest.get("common_random_numbers", True) else "")
               + (" --lang en" if lang == "en" else ""))
    return {"t": t, "lang": lang, "n": len(c.runs), "years": c.years, "reps": c.manifest["replications"],
            "packages": packages, "residents": residents(c, t), "mkba": account, "files": files, "command": command,
            "outcome_keys": list(cohorts.OUTCOMES) + list(cohorts.STAY), "version": __version__,
            "date": dt.date.today().isoformat(), "resident_outcomes": RESIDENT_OUTCOMES,
            "municipality": MUNICIPALITY_INDICATORS, "mkba_unit_values": c.base.scenario.mkba,
            "cbs_city": c.base.scenario.city.is_cbs}


def render(c: Comparison, lang: str) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("report.html.j2").render(**context(c, lang))


def write_report(folder: Path, lang: str = "nl") -> Path:
    """Build report.html (report.en.html for English) in a comparison folder; return its path."""
    folder = Path(folder)
    html = render(load(folder), lang)
    path = folder / ("report.html" if lang == "nl" else "report.en.html")
    path.write_text(html, encoding="utf-8")
    return path
