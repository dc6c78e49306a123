"""Every user-facing text of the web app in Dutch (nl) and English (en)."""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    "title": {"nl": "wijksim — de wijk in de klas", "en": "wijksim — the wijk in the classroom"},
    "lesson": {"nl": "Les", "en": "Lesson"},
    "time": {"nl": "Maand {month} van {months}", "en": "Month {month} of {months}"},
    "lesson_error": {"nl": "Deze les kan niet openen: {error}", "en": "This lesson cannot open: {error}"},
    "reset": {"nl": "Opnieuw", "en": "Reset"},
    "play": {"nl": "Afspelen", "en": "Play"},
    "pause": {"nl": "Pauze", "en": "Pause"},
    "step": {"nl": "Stap", "en": "Step"},
    "speed_label": {"nl": "Snelheid: {rate} maanden per seconde", "en": "Speed: {rate} months per second"},
    "speed_capped": {"nl": "(klasmodus: hoogstens {cap})", "en": "(classroom mode: at most {cap})"},
    "at_end": {"nl": "Einde bereikt. Druk op Opnieuw om weer bij maand 0 te beginnen.",
               "en": "End reached. Press Reset to start again at month 0."},
    "building": {"nl": "De stad wordt gebouwd…", "en": "Building the city…"},
    "settings": {"nl": "Instellingen", "en": "Settings"},
    "settings_hint": {"nl": "Opnieuw begint de run bij maand 0, met dezelfde toevalsgetallen als de basisrun. "
                            "Zo komt elk verschil met de basisrun door de instellingen, niet door toeval.",
                      "en": "Reset starts the run again at month 0, with the same random numbers as the baseline, "
                            "so that any difference from the baseline comes from the settings, not from chance."},
    "live_hint": {"nl": "werkt meteen", "en": "takes effect at once"},
    "restart_needed": {"nl": "Nieuwe instellingen gelden pas als de run opnieuw begint.",
                       "en": "New settings apply only when the run starts again."},
    "restart_with": {"nl": "Opnieuw met deze instellingen", "en": "Reset with these settings"},
    "to_defaults": {"nl": "Terug naar de basisrun", "en": "Back to the baseline"},
    "monitor_base": {"nl": "basisrun {value}", "en": "baseline {value}"},
    "smooth": {"nl": "Gemiddelde per jaar", "en": "Yearly average"},
    "view_values": {"nl": "Waarden", "en": "Values"},
    "view_difference": {"nl": "Verschil met basisrun", "en": "Difference from baseline"},
    "no_difference": {"nl": "Deze run is de basisrun: er is nog geen verschil. Verander een instelling en druk op Opnieuw.",
                      "en": "This run is the baseline: no difference yet. Change a setting and press Reset."},
    "csv": {"nl": "Gegevens (CSV)", "en": "Data (CSV)"},
    "csv_month": {"nl": "maand", "en": "month"},
    "csv_base": {"nl": "basisrun", "en": "baseline"},
    "points": {"nl": "%-punt", "en": "pct. points"},
    "band_upper": {"nl": "Bovenlaag", "en": "Upper"},
    "band_middle": {"nl": "Midden", "en": "Middle"},
    "band_lower": {"nl": "Onderkant", "en": "Lower"},
    "same_as_baseline": {"nl": "Instellingen gelijk aan de basisrun.", "en": "Settings equal to the baseline."},
    "map": {"nl": "Kaart", "en": "Map"},
    "colour_by": {"nl": "Kleur naar", "en": "Colour by"},
    "colour_class": {"nl": "klasse", "en": "class"},
    "colour_draaglast": {"nl": "draaglast", "en": "draaglast"},
    "colour_tenure": {"nl": "eigendom", "en": "tenure"},
    "vacant": {"nl": "leeg", "en": "vacant"},
    "draaglast_none": {"nl": "geen draaglast", "en": "no draaglast"},
    "draaglast_scale": {"nl": "Draaglast (0 = geen, 1 = zwaar)", "en": "Draaglast (0 = none, 1 = heavy)"},
    "map_hint": {"nl": "Klik op een woning om het huishouden te zien. Lijnen: buurtgrenzen.",
                 "en": "Click a dwelling to see its household. Lines: buurt borders."},
    "charts": {"nl": "Indicatoren", "en": "Indicators"},
    "live": {"nl": "deze run", "en": "this run"},
    "baseline": {"nl": "basisrun (zelfde toeval)", "en": "baseline (same seed)"},
    "year_axis": {"nl": "jaar", "en": "year"},
    "speed": {"nl": "({rate} per seconde)", "en": "({rate} per second)"},
    "in_area": {"nl": "in wijk {area}", "en": "in wijk {area}"},
    "whole_city": {"nl": "in de hele stad", "en": "in the whole city"},
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
    "hh_tie": {"nl": "{cls} (sterkte {strength})", "en": "{cls} (strength {strength})"},
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
    # indicators (monthly, for the live charts and monitors), in plain words
    "similar_share": {"nl": "Buren uit dezelfde groep (%)", "en": "Neighbours from the same group (%)"},
    "dissimilarity_class": {"nl": "Segregatie: arm en rijk in aparte buurten (0 = gemengd, 100 = gescheiden)",
                            "en": "Segregation: poor and rich in separate buurten (0 = mixed, 100 = apart)"},
    "overburdened_share": {"nl": "Huishoudens met meer last dan ze aankunnen (%)",
                           "en": "Households with more burden than they can carry (%)"},
    "escalated_share": {"nl": "Huishoudens met een uit de hand gelopen probleem (%)",
                        "en": "Households with a problem that got out of hand (%)"},
    "employment_rate": {"nl": "Mensen die werken, van wie kan werken (%)", "en": "People in work, of those who can work (%)"},
    "benefit_share": {"nl": "Huishoudens met een uitkering (%)", "en": "Households on benefit (%)"},
    "lonely_share": {"nl": "Huishoudens met weinig contacten (%)", "en": "Households with few contacts (%)"},
    "bridging_share": {"nl": "Contacten met iemand uit een andere groep (%)", "en": "Contacts with someone from another group (%)"},
    "trust": {"nl": "Vertrouwen in instanties (0 = geen, 100 = volledig)", "en": "Trust in institutions (0 = none, 100 = full)"},
    "in_care_share": {"nl": "Huishoudens die hulp krijgen van het wijkteam (%)", "en": "Households helped by the wijkteam (%)"},
}

LESSON_NAMES = {  # by the scenario file's name (stem); another file shows its stem
    "klasstad": {"nl": "De klasstad: alles samen", "en": "The classroom city: everything"},
    "schelling": {"nl": "Schelling: hoe segregatie ontstaat", "en": "Schelling: how segregation emerges"},
    "social-mixing": {"nl": "Spoor 1: wijken mengen", "en": "Track 1: mixing neighbourhoods"},
    "basisbaan": {"nl": "Spoor 2: werk en inkomen", "en": "Track 2: work and income"},
    "support-network": {"nl": "Spoor 3: steun en netwerk", "en": "Track 3: support and networks"},
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


def lesson_name(stem: str, lang: str) -> str:
    """The name of the lesson in the scenario file `stem`.yaml."""
    return LESSON_NAMES[stem][lang] if stem in LESSON_NAMES else stem


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the language writes it: 0,30 in Dutch, 0.30 in English."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "nl" else text


def name(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """A translated name from one of the name tables (classes, tenures, domains, ...)."""
    return table[key][lang]
