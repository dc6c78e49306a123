"""Spoor 3: buurtgezinnen — a support family in the same buurt paired with a family that the
wijkteam supports for a family problem (referred for parenting support), limited by the number
of volunteer families. The pair is a strong tie, so the support family's spare capacity helps
through the network (draagkracht), shared with its other ties in trouble."""

import numpy as np
from pydantic import Field

from .. import rng
from ..network import add_tie, cut_tie
from ..state import FAMILY
from . import register
from .base import Intervention, InterventionSpec


class BuurtgezinnenSpec(InterventionSpec):
    volunteer_families_per_1000_households: float = Field(4.6, ge=0, json_schema_extra={"range": [2, 15], "source": 'Meppel: 71 support families for about 33,000 residents (about 15,400 households), supply about 3x demand (CALIBRATION.md)'}, description="support families available per 1,000 households (Meppel: 71 for about 15,400 households, CALIBRATION.md)")
    match_months: int = Field(12, ge=1, json_schema_extra={"range": [6, 24], "source": 'assumed'}, description="months a match lasts (assumed)")
    tie_strength: float = Field(0.9, gt=0, le=1, json_schema_extra={"range": [0.6, 1.0], "source": 'assumed'}, description="strength of the support tie (assumed)")
    cost_per_volunteer_family_per_year: float = Field(800, ge=0, json_schema_extra={"range": [500, 1500], "source": 'Meppel: EUR 58k/yr for 71 support families (CALIBRATION.md)'}, description="coordination cost per volunteer family (EUR/year; Meppel: EUR 58k/yr for 71 families)")


@register
class Buurtgezinnen(Intervention):
    kind = "buurtgezinnen"
    Spec = BuurtgezinnenSpec

    def __init__(self, spec, model):
        super().__init__(spec, model)
        self.matches: list[tuple[int, int, int, int]] = []  # (family, volunteer, their uids' sum, end month)
        self.log: list[dict] = []

    def act(self, m):
        s, sp = m.s, self.spec
        # matches end after match_months, or when one of the two has left the city
        still = []
        for i, j, key, end in self.matches:
            if s.alive[i] and s.alive[j] and s.uid[i] + s.uid[j] == key and m.month < end:
                still.append((i, j, key, end))
            elif s.alive[i] and s.alive[j]:
                cut_tie(s.nbr, s.w, i, j)
        self.matches = still
        hh = self.households(m)
        supply = int(sp.volunteer_families_per_1000_households * hh.size / 1000.0)
        busy = {j for _, j, _, _ in self.matches} | {i for i, _, _, _ in self.matches}
        kids = (s.child_age[hh] >= 0).any(axis=1)
        # families the wijkteam supports with a family problem are referred (parenting support)
        asking = hh[kids & (s.care[hh] > 0) & (s.prob_age[hh, FAMILY] > 0)]
        asking = np.array([i for i in asking if i not in busy], dtype=np.int64)
        spare = s.dk_own[hh] - s.dl[hh]
        volunteers = hh[(spare > 0.3) & kids]
        volunteers = volunteers[np.argsort(m.draws(volunteers, rng.CONNECT, 2), kind="stable")]
        free = supply - len(self.matches)
        matched = 0
        for i in asking[np.argsort(m.draws(asking, rng.CONNECT, 3), kind="stable")]:
            if free <= 0:
                break
            same = volunteers[(m.hh_buurt[volunteers] == m.hh_buurt[i])]
            same = [j for j in same if j not in busy and j != i]
            if same and add_tie(s.nbr, s.w, i, same[0], sp.tie_strength):
                busy.update((i, same[0]))
                self.matches.append((i, same[0], int(s.uid[i] + s.uid[same[0]]), m.month + sp.match_months))
                free -= 1
                matched += 1
        self.log.append({"month": m.month, "supply": supply, "asking": int(asking.size), "matched": matched})
        return supply * sp.cost_per_volunteer_family_per_year / 12.0
