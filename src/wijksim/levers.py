"""Policy levers: the per-wijk and per-buurt settings that processes read and interventions change.

Each month the model rebuilds the levers from the scenario's parameters and city, then lets
every active intervention adjust them, so an intervention that ends leaves nothing behind
(persistent changes, such as converted dwellings, are made on the state itself).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Levers:
    """What policy can set, per wijk (`w`) or per buurt (`b`)."""

    wijkteam_fte_per_1000: np.ndarray  # [w] wijkteam FTE per 1,000 households
    bilingual_share: np.ndarray        # [w] share of bilingual/streetwise wijkteam staff
    access_point: np.ndarray           # [b] int8, a physical wijkteam access point
    meeting_places: np.ndarray         # [b] int32
    takeup_bonus: np.ndarray           # [b] log-odds added to seeking help (participation)
    trust_bonus: np.ndarray            # [b] trust baseline raised (participation)
    extended_day: np.ndarray           # [b] attainment gain at the school of buurt b
    school_local: np.ndarray           # [b] int8, school choice limited to the postcode area
    liveability_bonus: np.ndarray      # [b] e.g. the work of basisbaan holders in the wijk
    passend_toewijzen: np.ndarray      # [b] int8, social rent only below the income limit
    social_reserved_share: np.ndarray  # [b] share of social-rent vacancies reserved for middle incomes
    middle_income_max: float           # upper income (EUR/year) for a reserved vacancy
    priority: np.ndarray               # [household slot] int8, 1 = a priority group that chooses first

    @classmethod
    def baseline(cls, m) -> "Levers":
        """Levers as the scenario's parameters and city set them, without interventions."""
        L, p = m.layout, m.config.model
        n_w, n_b = len(L.wijk_names), len(L.buurt_names)
        return cls(
            wijkteam_fte_per_1000=np.full(n_w, p.support.wijkteam_fte_per_1000),
            bilingual_share=np.full(n_w, p.support.bilingual_staff_share),
            access_point=L.buurt_access.copy(),
            meeting_places=L.buurt_meeting.copy(),
            takeup_bonus=np.zeros(n_b),
            trust_bonus=np.zeros(n_b),
            extended_day=np.full(n_b, p.children.extended_day_gain),
            school_local=np.full(n_b, int(p.children.school_choice_local), dtype=np.int8),
            liveability_bonus=np.zeros(n_b),
            passend_toewijzen=np.full(n_b, int(p.housing.passend_toewijzen), dtype=np.int8),
            social_reserved_share=np.zeros(n_b),
            middle_income_max=0.0,
            priority=np.zeros(m.s.n_slots, dtype=np.int8),
        )
