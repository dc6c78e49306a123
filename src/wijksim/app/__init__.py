"""The teaching web app (`wijksim app`): a Solara page around a WijkModel made from a lesson (a
Mesa model), with controls in the chosen language, its map, number monitors, live charts against
a baseline run, the lesson's interventions and parameters as sliders, a lesson guide, a
Dutch/English switch, and a classroom mode for students on their own laptops.

One job per module: i18n (every text of ours in both languages), lessons (which controls and
charts a scenario gets and how a control changes the scenario), session (the LessonModel that
the page builds and steps, its monthly indicators, the baseline run), mapview (the map image,
its wijk labels and legend, the dwelling under a click), household (what a click shows), charts
(fixed-scale series, yearly means, difference, CSV; drawn by line_charts.vue), guide (the lesson
texts next to the scenario file), page (the page, its layout and the play loop) and server
(starting it, classroom mode).
"""
