"""Every text of the report in Dutch (nl, plain language, B1 where possible) and English (en),
and number formatting per language."""

from __future__ import annotations

import math

from ..app.i18n import CLASS_NAMES, TENURE_NAMES  # noqa: F401  (re-exported for the report)

T: dict[str, tuple[str, str]] = {
    "title": ("Wat levert de wijkaanpak op?", "What does the wijk approach achieve?"),
    "subtitle": ("Rapport van wijksim: {n} pakketten vergeleken met de situatie zonder nieuw beleid, over {years} jaar",
                 "wijksim report: {n} packages compared with no new policy, over {years} years"),
    "model_note": ("Dit zijn uitkomsten van een simulatiemodel, geen voorspellingen. Ze laten zien wat een pakket "
                   "<em>verandert</em> ten opzichte van dezelfde stad zonder dat pakket.",
                   "These are results of a simulation model, not forecasts. They show what a package <em>changes</em> "
                   "compared with the same city without it."),
    "nav": ("Inhoud", "Contents"),
    "s_summary": ("Samenvatting", "Summary"),
    "s_effects": ("Effecten", "Effects"),
    "s_who": ("Voor wie?", "For whom?"),
    "s_residents": ("Wat bewoners belangrijk vinden", "What residents find important"),
    "s_mkba": ("Maatschappelijke kosten en baten", "Social costs and benefits"),
    "s_certainty": ("Hoe zeker is dit?", "How certain is this?"),
    "what_is_it": ("Wat houdt het pakket in?", "What is in the package?"),
    "headlines": ("Belangrijkste effecten (gemiddeld per jaar over {years} jaar)",
                  "Main effects (average per year over {years} years)"),
    "no_headlines": ("Geen effect dat duidelijk groter is dan het toeval in het model.",
                     "No effect clearly larger than chance in the model."),
    "cost_line": ("Kosten van de maatregelen: {cost} over {years} jaar (omgerekend naar nu: {pv}).",
                  "Cost of the measures: {cost} over {years} years (present value {pv})."),
    "verdict_pos": ("Kosten en baten: de baten in geld zijn groter dan de kosten. Saldo {npv} (90%-interval {lo} tot {hi}); "
                    "voor elke euro komt {bc} euro terug.",
                    "Costs and benefits: the monetised benefits exceed the costs. Net {npv} (90% interval {lo} to {hi}); "
                    "each euro returns {bc} euro."),
    "verdict_neg": ("Kosten en baten: de baten in geld zijn kleiner dan de kosten. Saldo {npv} (90%-interval {lo} tot {hi}); "
                    "voor elke euro komt {bc} euro terug. Veel effecten zijn niet in geld uitgedrukt, zoals minder "
                    "eenzaamheid en meer vertrouwen: zie 'Maatschappelijke kosten en baten'.",
                    "Costs and benefits: the monetised benefits are smaller than the costs. Net {npv} (90% interval {lo} "
                    "to {hi}); each euro returns {bc} euro. Many effects are not expressed in money, such as less "
                    "loneliness and more trust: see 'Social costs and benefits'."),
    "verdict_loss": ("Kosten en baten: ook de baten in geld zijn negatief: met het pakket gaat er meer geld naar zorg of "
                     "uitkeringen dan zonder. Saldo {npv} (90%-interval {lo} tot {hi}). Veel effecten zijn niet in geld "
                     "uitgedrukt, zoals minder eenzaamheid en meer vertrouwen: zie 'Maatschappelijke kosten en baten'.",
                     "Costs and benefits: even the monetised benefits are negative: with the package more money goes to "
                     "care or benefits than without. Net {npv} (90% interval {lo} to {hi}). Many effects are not "
                     "expressed in money, such as less loneliness and more trust: see 'Social costs and benefits'."),
    "verdict_unclear": ("Kosten en baten: het saldo is onzeker, {npv} (90%-interval {lo} tot {hi}); voor elke euro komt "
                        "{bc} euro terug.",
                        "Costs and benefits: the net value is uncertain, {npv} (90% interval {lo} to {hi}); each euro "
                        "returns {bc} euro."),
    "interval_word": ("90%-interval", "90% interval"),
    "interval_note": ("Het model is {reps} keer gedraaid, steeds met ander toeval. Het 90%-interval laat zien hoe zeker "
                      "het gemiddelde effect is: met 90% zekerheid ligt het tussen de twee getallen.",
                      "The model was run {reps} times, each time with other chance events. The 90% interval shows how "
                      "certain the mean effect is: with 90% certainty it lies between the two numbers."),
    # effects section
    "effects_intro": ("De tabel toont per wijk de belangrijkste cijfers: zonder nieuw beleid, met het pakket, en het "
                      "verschil, gemiddeld over de jaren {first} tot en met {years}. Groen: duidelijk beter. Rood: "
                      "duidelijk slechter. Grijs: het verschil valt binnen het toeval of is te klein om te tonen.",
                      "The table shows the main figures per wijk: without new policy, with the package, and the "
                      "difference, averaged over years {first} to {years}. Green: clearly better. Red: clearly worse. "
                      "Grey: the difference is within chance or too small to show."),
    "col_indicator": ("Cijfer", "Figure"),
    "col_base": ("Zonder nieuw beleid", "No new policy"),
    "col_scen": ("Met pakket", "With package"),
    "col_diff": ("Verschil (90%-interval)", "Difference (90% interval)"),
    "plot_intro": ("Verschil met de situatie zonder nieuw beleid, per jaar. De lijn is het gemiddelde, de band het "
                   "90%-interval. Geel: jaren waarin maatregelen lopen. Rood: de wijk van het pakket; blauw: de rest "
                   "van de stad (effecten die overslaan naar andere wijken).",
                   "Difference from no new policy, per year. The line is the mean, the band the 90% interval. Yellow: "
                   "years in which measures run. Red: the package's wijk; blue: the rest of the city (effects that "
                   "spill over to other wijken)."),
    "city": ("hele stad", "whole city"),
    "city_net": ("Hele stad, alles bij elkaar", "Whole city, all together"),
    # voor wie
    "who_intro": ("We volgen de huishoudens die er bij de start woonden (jaar 0). Zo vergelijken we dezelfde "
                  "huishoudens met en zonder pakket, ook als ze later van groep veranderen of verhuizen. Een huishouden "
                  "telt mee zolang het in de stad woont. De groep is die van de start.",
                  "We follow the households living there at the start (year 0). So we compare the same households with "
                  "and without the package, even when they later change group or move. A household counts while it "
                  "lives in the city. The group is the one at the start."),
    "who_scope": ("Huishoudens die bij de start in {wijken} woonden", "Households living in {wijken} at the start"),
    "who_by_class": ("Per sociale klasse (SCP)", "By social class (SCP)"),
    "who_by_tenure": ("Per soort woning", "By tenure"),
    "who_by_children": ("Met of zonder kinderen thuis", "With or without children at home"),
    "who_by_wijk": ("Per wijk waar ze bij de start woonden (hele stad)", "By wijk where they lived at the start (whole city)"),
    "who_quiet": ("{n} andere wijken zonder duidelijk effect", "{n} other wijken without a clear effect"),
    "who_units": ("Verschil in procentpunten (punten voor vertrouwen en economisch kapitaal, op 0-100). Tussen haakjes het "
                  "90%-interval.",
                  "Difference in percentage points (points on 0-100 for trust and economic capital). In brackets the 90% "
                  "interval."),
    "col_group": ("Groep", "Group"),
    "col_households": ("Huishoudens bij start", "Households at start"),
    "o_escalated": ("Probleem uit de hand", "Escalated problem"),
    "o_unresolved": ("Onopgelost probleem", "Unresolved problem"),
    "o_work": ("Werk", "Work"),
    "o_lonely": ("Eenzaam", "Lonely"),
    "o_trust": ("Vertrouwen", "Trust"),
    "o_economic": ("Economisch kapitaal", "Economic capital"),
    "o_help": ("Hulp gekregen", "Got help"),
    "o_in_city": ("Nog in de stad", "Still in the city"),
    "o_in_start_wijk": ("Nog in eigen wijk", "Still in own wijk"),
    "children_yes": ("met kinderen thuis", "with children at home"),
    "children_no": ("zonder kinderen thuis", "without children at home"),
    "wijk_vs_cohort": ("Effect in de wijk en effect op de eigen bewoners", "Effect in the wijk and on its own residents"),
    "wijk_vs_cohort_intro": ("Verandert een wijk omdat de mensen die er wonen beter af zijn, of omdat er andere mensen "
                             "komen wonen? Links: het verschil voor iedereen die er in dat jaar woont (ook nieuwkomers). "
                             "Rechts: het verschil voor de huishoudens die er bij de start woonden, waar ze nu ook wonen.",
                             "Does a wijk change because the people living there are better off, or because other people "
                             "move in? Left: the difference for everyone living there that year (newcomers included). "
                             "Right: the difference for the households living there at the start, wherever they live now."),
    "col_wijk": ("Wijk", "Wijk"),
    "col_in_wijk": ("Iedereen die er woont: probleem uit de hand (%-punt)", "Everyone living there: escalated problem (pp)"),
    "col_cohort": ("Bewoners van het begin: probleem uit de hand (%-punt)", "Residents from the start: escalated problem (pp)"),
    "col_moved": ("Bewoners van het begin die niet meer in de wijk wonen (%-punt)", "Residents from the start no longer in the wijk (pp)"),
    "moved_note": ("In {wijk} is het effect voor iedereen die er woont groter dan voor de bewoners van het begin: een "
                   "deel van de verbetering komt doordat andere huishoudens er komen wonen.",
                   "In {wijk} the effect for everyone living there is larger than for the residents from the start: "
                   "part of the improvement comes from other households moving in."),
    "spill_note": ("Ook in {wijk} verandert iets, hoewel het pakket daar niet werkt: het aandeel huishoudens met een "
                   "probleem dat uit de hand is gelopen is {diff} procentpunt {dir} (90%-interval {lo} tot {hi}).",
                   "{wijk} changes too, although the package does not work there: the share of households with an "
                   "escalated problem is {diff} percentage points {dir} (90% interval {lo} to {hi})."),
    "spill_moves": ("De huishoudens die er bij de start woonden, gaan er niet op achteruit. Het verschil komt door wie "
                    "er komt wonen.",
                    "The households living there at the start are not worse off. The difference comes from who moves in."),
    "higher": ("hoger", "higher"),
    "lower": ("lager", "lower"),
    # residents
    "res_intro": ("Bewoners zijn partners: hun eigen prioriteiten zijn het vertrekpunt. Hieronder staan de pakketten in "
                  "volgorde volgens wat bewoners belangrijk vinden, en volgens de cijfers die de gemeente volgt. Waar "
                  "de volgorde verschilt, staat dat erbij.",
                  "Residents are partners: their own priorities are the starting point. Below, the packages are ranked "
                  "by what residents find important, and by the figures the municipality tracks. Where the order "
                  "differs, this is said."),
    "res_source": ("Bron van de prioriteiten van bewoners: {source}.", "Source of the residents' priorities: {source}."),
    "res_muni_source": ("De cijfers van de gemeente zijn een gangbare set uit een wijkmonitor, alle even zwaar (aangenomen).",
                        "The municipality's figures are a common set from a wijkmonitor, all weighted equally (assumed)."),
    "res_method": ("Zo is de score berekend: per onderwerp krijgt het pakket met het grootste effect 100 punten en de andere "
                   "naar verhouding; een effect dat binnen het toeval valt telt als 0; de score is het gewogen gemiddelde. "
                   "Zonder nieuw beleid is de score 0.",
                   "How the score is computed: per topic the package with the largest effect gets 100 points and the "
                   "others in proportion; an effect within chance counts as 0; the score is the weighted mean. No new "
                   "policy scores 0."),
    "res_by_residents": ("Volgens bewoners", "By residents"),
    "res_by_municipality": ("Volgens de gemeente", "By the municipality"),
    "res_weights": ("Wat bewoners van {unit} belangrijk vinden (gewicht)", "What residents of {unit} find important (weight)"),
    "res_agree": ("Bewoners en gemeente kiezen hetzelfde pakket als beste: {first}.",
                  "Residents and municipality choose the same package as best: {first}."),
    "res_disagree": ("Bewoners en gemeente verschillen: bewoners kiezen {r}, de gemeente {m}.",
                     "Residents and municipality differ: residents choose {r}, the municipality {m}."),
    "res_order_differs": ("De volgorde daarna verschilt wel.", "The order after that does differ."),
    "res_table_unit": ("Gebied", "Area"),
    "res_classes": ("Per sociale klasse: {scope}", "By social class: {scope}"),
    "res_classes_intro": ("De scenariobestanden geven ook prioriteiten per klasse. De volgorde geldt voor de huishoudens "
                          "van die klasse die er bij de start woonden (zie 'Voor wie?'), met hun eigen gewichten.",
                          "The scenario files also give priorities per class. The order is for the households of that "
                          "class living there at the start (see 'For whom?'), with their own weights."),
    "res_col_class": ("Klasse", "Class"),
    "res_col_order": ("Volgorde (score)", "Order (score)"),
    "res_col_weights": ("Wat zij belangrijk vinden (gewicht)", "What they find important (weight)"),
    "res_col_left_out": ("Niet per klasse te meten", "Not measured per class"),
    "res_table_r": ("Beste volgens bewoners", "Best by residents"),
    "res_table_m": ("Beste volgens gemeente", "Best by municipality"),
    "res_table_same": ("Zelfde keuze?", "Same choice?"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "score": ("score", "score"),
    # mkba
    "mkba_intro": ("Dit overzicht zet kosten en baten in geld naast elkaar, zoals in een maatschappelijke "
                   "kosten-batenanalyse (MKBA). Het gaat om de hele stad over {years} jaar, dus ook om effecten in andere "
                   "wijken. Een euro later telt minder zwaar dan een euro nu: we rekenen met {rate} per jaar (de "
                   "discontovoet van de Werkgroep Discontovoet 2020). Zo krijgt u de contante waarde: wat alle bedragen "
                   "nu waard zijn. Het saldo is baten min kosten.",
                   "This overview sets monetised costs and benefits side by side, as in a social cost-benefit analysis "
                   "(MKBA). It covers the whole city over {years} years, so effects in other wijken count too. A euro "
                   "later weighs less than a euro now: we use {rate} a year (the discount rate of the Werkgroep "
                   "Discontovoet 2020). This gives the present value: what all amounts are worth now. The net value is "
                   "benefits minus costs."),
    "mkba_summary": ("Overzicht per pakket", "Overview per package"),
    "col_package": ("Pakket", "Package"),
    "col_cost_pv": ("Kosten (contante waarde)", "Costs (present value)"),
    "col_benefit_pv": ("Baten in geld (contante waarde)", "Monetised benefits (present value)"),
    "col_npv": ("Saldo (90%-interval)", "Net value (90% interval)"),
    "col_bc": ("Baten per euro kosten (90%-interval)", "Benefits per euro of cost (90% interval)"),
    "col_npv_range": ("Saldo met lage / hoge kengetallen", "Net value with low / high unit values"),
    "mkba_items": ("Posten voor {name}", "Items for {name}"),
    "col_item": ("Post", "Item"),
    "col_party": ("Wie betaalt of wint", "Who pays or gains"),
    "col_unit_value": ("Kengetal", "Unit value"),
    "col_source": ("Bron", "Source"),
    "col_pv": ("Contante waarde (90%-interval)", "Present value (90% interval)"),
    "item_interventions": ("Kosten van de maatregelen", "Cost of the measures"),
    "item_care": ("Minder kosten van zorg en escalaties (wijkteam, schuldhulp, jeugdhulp, zorg)",
                  "Lower cost of care and escalations (wijkteam, debt help, youth care, care)"),
    "item_bijstand": ("Minder bijstand: huishoudens die uit de uitkering gaan (basisbanen niet meegeteld)",
                      "Less social assistance: households leaving benefit (basisbanen not counted)"),
    "item_taxes": ("Meer belasting en premies van wie uit de uitkering gaat", "More taxes and premiums from those leaving benefit"),
    "item_evictions": ("Minder huisuitzettingen", "Fewer evictions"),
    "party_gemeente": ("gemeente", "municipality"),
    "party_rijk": ("Rijk", "national government"),
    "party_corporatie": ("woningcorporatie", "housing corporation"),
    "party_bewoners": ("bewoners", "residents"),
    "per_household_year": ("per huishouden per jaar", "per household per year"),
    "per_eviction": ("per huisuitzetting", "per eviction"),
    "mkba_basisbaan_note": ("De kosten van basisbanen zijn geboekt na aftrek van de bijstand die de deelnemers niet meer "
                            "krijgen. Daarom telt 'minder bijstand' de deelnemers aan basisbanen niet nog een keer.",
                            "The cost of basisbanen is booked net of the social assistance participants no longer receive. "
                            "So 'less social assistance' does not count basisbaan participants again."),
    "mkba_transfer_note": ("Bijstand, belasting en premies zijn geld dat van de ene partij naar de andere gaat. Voor de "
                           "overheid en de corporatie zijn het echte baten; voor de samenleving als geheel is de winst "
                           "vooral wat mensen met werk produceren en hoe het met hen gaat. Dat staat bij de effecten die "
                           "niet in geld zijn uitgedrukt.",
                           "Social assistance, taxes and premiums are money moving from one party to another. For "
                           "government and the corporation they are real gains; for society as a whole the gain is mainly "
                           "what people in work produce and how they fare. That is listed among the effects not "
                           "expressed in money."),
    "who_pays": ("Wie betaalt en wie wint (contante waarde, gemiddeld)", "Who pays and who gains (present value, mean)"),
    "not_monetised": ("Effecten die niet in geld zijn uitgedrukt ({wijk}, gemiddeld over {years} jaar)",
                      "Effects not expressed in money ({wijk}, average over {years} years)"),
    "not_monetised_extra": ("Ook niet in geld: hoger inkomen, gezondheid en welzijn van bewoners die werk vinden of "
                            "geholpen worden; waarde van het werk in basisbanen.",
                            "Also not in money: higher income, health and wellbeing of residents who find work or get "
                            "help; the value of the work done in basisbanen."),
    "per_outcome": ("Kosten per bereikt resultaat ({wijk})", "Cost per result achieved ({wijk})"),
    "per_outcome_note": ("Alleen waar het resultaat duidelijk groter is dan het toeval; anders staat er een streepje.",
                         "Only where the result is clearly larger than chance; otherwise a dash."),
    "po_escalation": ("per voorkomen escalatie", "per escalation avoided"),
    "po_work": ("per extra huishouden-jaar met werk", "per extra household-year in work"),
    "po_trust": ("per punt meer vertrouwen (laatste jaar)", "per point of trust (last year)"),
    # certainty
    "cert_intervals": ("Alle intervallen komen uit {reps} herhalingen van het model met ander toeval (90%-interval van het "
                       "gemiddelde verschil). Elk pakket gebruikt dezelfde toevalsgetallen als de situatie zonder nieuw "
                       "beleid, zodat verschillen zo min mogelijk door toeval ontstaan. De intervallen zeggen niets over de "
                       "onzekerheid in de aannames van het model zelf.",
                       "All intervals come from {reps} runs of the model with other chance events (90% interval of the "
                       "mean difference). Each package uses the same random numbers as the run without new policy, so "
                       "chance affects the differences as little as possible. The intervals say nothing about the uncertainty in the "
                       "model's own assumptions."),
    "cert_assumptions": ("Aannames die de uitkomsten sturen", "Assumptions that drive the results"),
    "cert_assumptions_intro": ("Deze waarden van de maatregelen zijn aangenomen (geen bron gevonden). Een "
                               "gevoeligheidsanalyse (experiments/sensitivity.yaml) laat zien hoeveel ze uitmaken; die "
                               "uitkomsten zijn nog niet in dit rapport opgenomen.",
                               "These values of the measures are assumed (no source found). A sensitivity analysis "
                               "(experiments/sensitivity.yaml) shows how much they matter; its results are not yet in "
                               "this report."),
    "cert_in_movers": ("Wie er de komende jaren in de stad komt wonen, staat niet in de CBS-cijfers. Het scenario "
                       "neemt aan welke groepen dat zijn (population.in_movers in het scenariobestand); dat bepaalt mee "
                       "hoe de stad zonder nieuw beleid verandert. Met het commando wijksim in-movers kiest de "
                       "modelleur nieuwkomers die de samenstelling van de stad gelijk houden.",
                       "Who will move into the city in the coming years is not in the CBS figures. The scenario assumes "
                       "which groups they are (population.in_movers in the scenario file), and that helps decide how the "
                       "city changes without new policy. With the command wijksim in-movers the modeller chooses "
                       "in-movers that keep the city's mix as it is."),
    "cert_model": ("Ook alle kansen en effecten in het model zelf hebben een bron of zijn aangenomen: zie docs/model.md.",
                   "All chances and effects in the model itself also have a source or are assumed: see docs/model.md."),
    "cert_repeat": ("Herhalen", "Repeat"),
    "cert_repeat_text": ("De scenariobestanden met alle waarden staan naast dit rapport. Met dit commando maakt u precies "
                         "dezelfde uitkomsten opnieuw:",
                         "The scenario files with every value are next to this report. This command makes exactly the "
                         "same results again:"),
    "made": ("Gemaakt met wijksim {version}, {date}.", "Made with wijksim {version}, {date}."),
    "assumed": ("aangenomen", "assumed"),
    "years_word": ("jaar {a} tot en met {b}", "years {a} to {b}"),
    "in_wijk": ("in {wijken}", "in {wijken}"),
    "baseline_name": ("zonder nieuw beleid", "no new policy"),
}

# Headline effects: key -> (Dutch, English) phrase with {n} and {dir}, and the words for better/worse.
HEADLINE = {
    "escalated": ("{n} huishoudens {dir} met een probleem dat uit de hand is gelopen",
                  "{n} {dir} households with a problem that has escalated"),
    "unresolved": ("{n} huishoudens {dir} met een onopgelost probleem", "{n} {dir} households with an unresolved problem"),
    "escalations": ("{n} {dir} problemen per jaar die uit de hand lopen", "{n} {dir} problems a year that escalate"),
    "work": ("{n} huishoudens {dir} met werk (ook basisbanen)", "{n} {dir} households in work (basisbanen included)"),
    "benefit": ("{n} huishoudens {dir} met een uitkering", "{n} {dir} households on benefit"),
    "lonely": ("{n} huishoudens {dir} met weinig contacten (eenzaam)", "{n} {dir} households with few ties (lonely)"),
    "trust": ("vertrouwen in instanties {n} punten {dir} (schaal 0-100)", "trust in institutions {n} points {dir} (scale 0-100)"),
    "liveability": ("leefbaarheid van de buurt {n} punten {dir} (schaal 0-100)", "liveability of the buurt {n} points {dir} (scale 0-100)"),
    "take_up": ("het aandeel mensen dat hulp krijgt als het nodig is: {n} procentpunt {dir}",
                "the share of people who get help when they need it: {n} percentage points {dir}"),
    "attainment": ("schoolprestaties van kinderen {n} punten {dir} (schaal 0-100)", "children's school attainment {n} points {dir} (scale 0-100)"),
}
DIRECTION = {"count": (("meer", "minder"), ("more", "fewer")), "points": (("hoger", "lager"), ("higher", "lower"))}

# The default sources of scenario files, in Dutch for the Dutch report.
SOURCES_NL = {
    "assumed: equal weights": "aangenomen: alle onderwerpen even zwaar",
    "assumed: bijstand for a household for a year (as basisbaan.benefit_saved_per_year)":
        "aangenomen: bijstand voor een huishouden voor een jaar (zoals basisbaan.benefit_saved_per_year)",
    "assumed: taxes and premiums of a household that leaves benefit for a job near the minimum wage, net of tax credits":
        "aangenomen: belasting en premies van een huishouden dat uit de uitkering gaat naar werk rond het minimumloon, "
        "na heffingskortingen",
    "assumed: the corporatie's lost rent and procedure per eviction (its public part is in the escalation cost)":
        "aangenomen: gemiste huur en procedurekosten van de corporatie per huisuitzetting (de kosten voor de overheid "
        "zitten in de escalatiekosten)",
    "model: escalation_cost and care_cost_per_month (docs/model.md)":
        "model: escalation_cost en care_cost_per_month (docs/model.md; aangenomen)",
}

PLOT_LABELS = {
    "escalated_share": {"nl": "Probleem uit de hand (%-punt)", "en": "Escalated problem (pp)"},
    "unresolved_share": {"nl": "Onopgelost probleem (%-punt)", "en": "Unresolved problem (pp)"},
    "benefit_share": {"nl": "Met een uitkering (%-punt)", "en": "On benefit (pp)"},
    "lonely_share": {"nl": "Eenzaam (%-punt)", "en": "Lonely (pp)"},
    "trust": {"nl": "Vertrouwen (punten, 0-100)", "en": "Trust (points, 0-100)"},
    "liveability": {"nl": "Leefbaarheid (punten, 0-100)", "en": "Liveability (points, 0-100)"},
    "rest": {"nl": "rest van de stad", "en": "rest of the city"},
    "city": {"nl": "hele stad", "en": "whole city"},
    "year": {"nl": "jaar", "en": "year"},
}

RESIDENT_LABELS = {
    "geldzorgen": ("Rondkomen, minder geldzorgen", "Making ends meet, fewer money worries"),
    "werk": ("Werk", "Work"),
    "eenzaamheid": ("Minder eenzaamheid", "Less loneliness"),
    "leefbaarheid": ("Een prettige, veilige buurt", "A pleasant, safe buurt"),
    "kansen_kinderen": ("Kansen voor kinderen", "Chances for children"),
    "hulp_als_nodig": ("Hulp als het nodig is", "Help when needed"),
    "problemen_uit_de_hand": ("Problemen lopen niet uit de hand", "Problems do not escalate"),
    "vertrouwen": ("Vertrouwen in instanties", "Trust in institutions"),
}


class Texts:
    """Attribute access to T in one language, for the template: t.title, t('key', n=3)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._i = 0 if lang == "nl" else 1

    def __getattr__(self, key: str) -> str:
        if key not in T:
            raise AttributeError(key)
        return T[key][self._i]

    def __call__(self, key: str, **values) -> str:
        return T[key][self._i].format(**values)

    def source(self, text: str) -> str:
        """A source as the scenario file gives it; the defaults in Dutch for the Dutch report."""
        return SOURCES_NL.get(text, text) if self.lang == "nl" else text

    def pick(self, pair) -> str:
        """The one of a (nl, en) pair, or of a {'nl':..., 'en':...} dict."""
        return pair[self.lang] if isinstance(pair, dict) else pair[self._i]


def number(value: float, decimals: int = 0, lang: str = "nl", signed: bool = False) -> str:
    """A number in the language's style: 1.234,5 in Dutch, 1,234.5 in English; '–' for NaN."""
    if value is None or not math.isfinite(value):
        return "–"
    value = round(value, decimals) + 0.0
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text.replace("-", "−")


def euro(value: float, lang: str = "nl", signed: bool = False) -> str:
    """An amount in euro, rounded for reading: '€ 60,3 mln', '€ 27.000'."""
    if value is None or not math.isfinite(value):
        return "–"
    big = abs(value) >= 1e6
    if big:
        text = number(value / 1e6, 1, lang, signed) + (" mln" if lang == "nl" else " million")
    else:
        digits = max(0, int(math.floor(math.log10(abs(value)))) - 2) if value else 0
        text = number(round(value, -digits), 0, lang, signed)
    return f"€ {text}"


def significant(value: float, lang: str = "nl", signed: bool = False) -> str:
    """Counts and points read by a wethouder: whole numbers from 10, one decimal below."""
    if value is None or not math.isfinite(value):
        return "–"
    return number(value, 0 if abs(value) >= 10 else 1, lang, signed)
