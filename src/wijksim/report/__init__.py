"""The report for a wethouder: one self-contained HTML file built from a comparison's tables
(voor wie, wat bewoners belangrijk vinden, maatschappelijke kosten en baten). `schema.py`
holds the scenario-file sections it reads; the rest is imported only when a report is built."""
