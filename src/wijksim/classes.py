"""SCP classes: profiles and re-deriving a household's class from its capitals and age."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .params import CLASS_KEYS, Classes

CLASS_LABELS = {
    "werkende_bovenlaag": "Werkende bovenlaag",
    "jongere_kansrijken": "Jongere kansrijken",
    "rentenierende_bovenlaag": "Rentenierende bovenlaag",
    "werkende_middengroep": "Werkende middengroep",
    "laagopgeleide_gepensioneerden": "Laagopgeleide gepensioneerden",
    "onzekere_werkenden": "Onzekere werkenden",
    "precariaat": "Precariaat",
}
# Share of adults per class, SCP Eigentijdse ongelijkheid (2023); the classifier's prior.
SHARE_COLUMNS = [f"share_{k}" for k in CLASS_KEYS]  # the indicators of the class shares
SCP_SHARES = np.array([0.199, 0.086, 0.122, 0.249, 0.181, 0.100, 0.063])
AGE_SCALE = 100.0  # age enters the classifier in centuries, comparable with capitals


def profile_matrix(classes: Classes) -> np.ndarray:
    """[7, 5] class centres: four capitals and age/100, in CLASS_KEYS order."""
    rows = []
    for key in CLASS_KEYS:
        p = classes.profiles[key]
        rows.append([p.economic, p.cultural, p.social, p.personal, p.age / AGE_SCALE])
    return np.asarray(rows)


def feature_scales(classes: Classes) -> np.ndarray:
    """Per-feature spread used by the classifier: capital_sd for capitals, age_sd for age."""
    age_sd = np.mean([classes.profiles[k].age_sd for k in CLASS_KEYS]) / AGE_SCALE
    return np.array([classes.capital_sd] * 4 + [age_sd / classes.age_weight])


@njit(parallel=True, cache=True)
def derive_classes(cap, age, alive, centres, scales, log_prior, out):
    """Most probable class of each household under Gaussian class profiles (nearest profile,
    weighted by the SCP shares as prior)."""
    n_cls, n_feat = centres.shape
    for i in prange(cap.shape[0]):
        if alive[i] == 0:
            continue
        best, best_score = 0, -1e300
        for k in range(n_cls):
            score = log_prior[k]
            for f in range(n_feat):
                x = cap[i, f] if f < 4 else age[i] / 100.0
                z = (x - centres[k, f]) / scales[f]
                score -= 0.5 * z * z
            if score > best_score:
                best, best_score = k, score
        out[i] = best
