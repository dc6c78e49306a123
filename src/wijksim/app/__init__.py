"""The teaching web app (`wijksim app`): Mesa's SolaraViz running a WijkModel made from a lesson,
with its map, live charts against a baseline run, the lesson's interventions and parameters as
SolaraViz model parameters, a lesson guide and a Dutch/English switch.

One job per module: i18n (every text of ours in both languages), lessons (which controls and
charts a scenario gets and how a control changes the scenario), session (the LessonModel that
SolaraViz creates and steps, its monthly indicators, the baseline run), mapview (the map image,
its legend, the dwelling under a click), household (what a click shows), charts (series for
line_charts.vue), guide (the lesson texts next to the scenario file), page (the Solara page
around SolaraViz) and server (starting it).
"""
