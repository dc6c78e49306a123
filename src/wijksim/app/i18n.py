"""Every user-facing text of the web app in Dutch (nl) and English (en)."""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    "title": {"nl": "wijksim — de wijk in de klas", "en": "wijksim — the wijk in the classroom"},
    "lesson": {"nl": "Les", "en": "Lesson"},
    "time": {"nl": "Maand {month} van {months}", "en": "Month {month} of {months}"},
    "finished": {"nl": "Einde van de looptijd bereikt.", "en": "End of the horizon reached."},
    "speed": {"nl": "— {rate:.1f} maanden per seconde", "en": "— {rate:.1f} months per second"},
    "apply_at_reset": {"nl": "Schuifjes en schakelaars onder Model Parameters gelden vanaf de volgende Reset, die de "
                             "run opnieuw begint met dezelfde toevalsgetallen als de basisrun.",
                       "en": "The sliders and switches under Model Parameters take effect at the next Reset, which "
                             "starts the run again with the same random numbers as the baseline."},
    "same_as_baseline": {"nl": "Instellingen gelijk aan de basisrun.", "en": "Settings equal to the baseline."},
    "map": {"nl": "Kaart", "en": "Map"},
    "colour_by": {"nl": "Kleur naar", "en": "Colour by"},
    "colour_class": {"nl": "klasse", "en": "class"},
    "colour_draaglast": {"nl": "draaglast", "en": "draaglast"},
    "colour_tenure": {"nl": "eigendom", "en": "tenure"},
    "vacant": {"nl": "leeg", "en": "vacant"},
    "draaglast_low": {"nl": "geen draaglast", "en": "no draaglast"},
    "draaglast_high": {"nl": "hoge draaglast", "en": "high draaglast"},
    "map_hint": {"nl": "Klik op een woning om het huishouden te zien. Lijnen: buurtgrenzen.",
                 "en": "Click a dwelling to see its household. Lines: buurt borders."},
    "charts": {"nl": "Indicatoren", "en": "Indicators"},
    "live": {"nl": "deze run", "en": "this run"},
    "baseline": {"nl": "basisrun (zelfde toeval)", "en": "baseline (same seed)"},
    "year_axis": {"nl": "jaar", "en": "year"},
    "in_area": {"nl": "in {area}", "en": "in {area}"},
    "household": {"nl": "Huishouden", "en": "Household"},
    "no_household": {"nl": "Klik op een bewoonde woning op de kaart.", "en": "Click an occupied dwelling on the map."},
    "empty_dwelling": {"nl": "Deze woning staat leeg.", "en": "This dwelling is vacant."},
    "hh_where": {"nl": "Woont in buurt {buurt} (wijk {wijk}), {tenure}.", "en": "Lives in buurt {buurt} (wijk {wijk}), {tenure}."},
    "hh_class": {"nl": "Klasse", "en": "Class"},
    "hh_age": {"nl": "Leeftijd hoofdbewoner", "en": "Age of the head"},
    "hh_labour": {"nl": "Werk", "en": "Work"},
    "hh_capitals": {"nl": "Kapitalen (0–1)", "en": "Capitals (0–1)"},
    "hh_balance": {"nl": "Draagkracht / draaglast", "en": "Draagkracht / draaglast"},
    "hh_trust": {"nl": "Vertrouwen in instanties", "en": "Trust in institutions"},
    "hh_problems": {"nl": "Open problemen", "en": "Open problems"},
    "hh_no_problems": {"nl": "geen", "en": "none"},
    "hh_problem": {"nl": "{domain}: {months} maanden{escalated}", "en": "{domain}: {months} months{escalated}"},
    "hh_escalated": {"nl": ", geëscaleerd", "en": ", escalated"},
    "hh_ties": {"nl": "Sociale banden", "en": "Social ties"},
    "hh_tie": {"nl": "{cls} (sterkte {strength:.2f})", "en": "{cls} (strength {strength:.2f})"},
    "hh_no_ties": {"nl": "geen", "en": "none"},
    "hh_more_ties": {"nl": "… en nog {n}", "en": "… and {n} more"},
    "hh_children": {"nl": "Kinderen thuis", "en": "Children at home"},
    "guide": {"nl": "Lesbrief", "en": "Lesson guide"},
    "no_guide": {"nl": "Voor dit scenario is geen lesbrief; dit is de beschrijving uit het scenariobestand:",
                 "en": "This scenario has no lesson guide; this is the description from the scenario file:"},
    # controls
    "tolerance": {"nl": "Tolerantie: minimaal aandeel gelijke buren", "en": "Tolerance: least share of similar neighbours"},
    "wijkteam_fte": {"nl": "Wijkteam in {wijk}: fte per 1.000 huishoudens", "en": "Wijkteam in {wijk}: FTE per 1,000 households"},
    "access_point": {"nl": "Inlooppunt van het wijkteam in elke buurt van {wijk}", "en": "Wijkteam access point in every buurt of {wijk}"},
    "buurtgezinnen": {"nl": "Buurtgezinnen in {wijk}: steungezinnen per 1.000 huishoudens", "en": "Buurtgezinnen in {wijk}: support families per 1,000 households"},
    "basisbaan": {"nl": "Basisbanen in {wijk} (aantal plekken)", "en": "Basisbanen in {wijk} (places)"},
    "local_school": {"nl": "Schoolkeuze in de eigen wijk (geen schoolvlucht)", "en": "School choice within the own area (no school flight)"},
    "housing_mix": {"nl": "Menging in {wijk}: deel sociale huur omgezet naar middenhuur", "en": "Mixing in {wijk}: share of social rent converted to middle rent"},
    "meeting_places": {"nl": "Extra ontmoetingsplekken per buurt in {wijk}", "en": "Extra meeting places per buurt in {wijk}"},
    "connectors": {"nl": "Verbinders in {wijk} (fte)", "en": "Connectors in {wijk} (FTE)"},
    # indicators (monthly, for the live charts)
    "similar_share": {"nl": "Aandeel gelijke buren", "en": "Share of similar neighbours"},
    "dissimilarity_class": {"nl": "Segregatie tussen buurten (dissimilariteit)", "en": "Segregation between buurten (dissimilarity)"},
    "overburdened_share": {"nl": "Aandeel met draaglast > draagkracht", "en": "Share with draaglast > draagkracht"},
    "escalated_share": {"nl": "Aandeel met een geëscaleerd probleem", "en": "Share with an escalated problem"},
    "employment_rate": {"nl": "Werkend (incl. basisbaan), van beroepsbev.", "en": "Working (incl. basisbaan), of labour force"},
    "benefit_share": {"nl": "Aandeel met een uitkering", "en": "Share on benefit"},
    "lonely_share": {"nl": "Aandeel met weinig netwerk", "en": "Share with little network"},
    "bridging_share": {"nl": "Aandeel banden tussen klassen", "en": "Share of ties between classes"},
    "trust": {"nl": "Gemiddeld vertrouwen", "en": "Mean trust"},
    "in_care_share": {"nl": "Aandeel in hulp van het wijkteam", "en": "Share in wijkteam care"},
}

CLASS_NAMES = {
    "werkende_bovenlaag": {"nl": "Werkende bovenlaag", "en": "Working upper class"},
    "jongere_kansrijken": {"nl": "Jongere kansrijken", "en": "Young high-potentials"},
    "rentenierende_bovenlaag": {"nl": "Rentenierende bovenlaag", "en": "Retired upper class"},
    "werkende_middengroep": {"nl": "Werkende middengroep", "en": "Working middle group"},
    "laagopgeleide_gepensioneerden": {"nl": "Laagopgeleide gepensioneerden", "en": "Low-educated pensioners"},
    "onzekere_werkenden": {"nl": "Onzekere werkenden", "en": "Insecure workers"},
    "precariaat": {"nl": "Precariaat", "en": "Precariat"},
}
TENURE_NAMES = {
    "social_rent": {"nl": "sociale huur", "en": "social rent"},
    "private_rent": {"nl": "particuliere huur", "en": "private rent"},
    "middle_rent": {"nl": "middenhuur", "en": "middle rent"},
    "owner": {"nl": "koopwoning", "en": "owner-occupied"},
}
DOMAIN_NAMES = {
    "debt": {"nl": "schulden", "en": "debt"},
    "health": {"nl": "gezondheid", "en": "health"},
    "family": {"nl": "gezin", "en": "family"},
    "work": {"nl": "werk", "en": "work"},
    "housing": {"nl": "wonen", "en": "housing"},
}
LABOUR_TEXT = {
    "employed": {"nl": "werkend", "en": "employed"},
    "unemployed": {"nl": "uitkering", "en": "on benefit"},
    "retired": {"nl": "gepensioneerd", "en": "retired"},
    "basisbaan": {"nl": "basisbaan", "en": "basisbaan"},
    "student": {"nl": "student", "en": "student"},
}
CAPITAL_TEXT = {
    "economic": {"nl": "economisch", "en": "economic"},
    "cultural": {"nl": "cultureel", "en": "cultural"},
    "social": {"nl": "sociaal", "en": "social"},
    "personal": {"nl": "persoonlijk", "en": "personal"},
}


def t(key: str, lang: str, **values) -> str:
    """The text `key` in `lang`, with `values` filled in."""
    text = TEXTS[key][lang]
    return text.format(**values) if values else text


def name(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """A translated name from one of the name tables (classes, tenures, domains, ...)."""
    return table[key][lang]
