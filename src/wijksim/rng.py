"""Counter-based random draws keyed by (seed, household, month, purpose, k).

A draw is a pure function of its key, so results do not depend on the order in which
households are processed, on the number of threads, or on what other households draw:
a policy scenario run with its baseline's seed sees the same draws for the same
household and purpose (common random numbers). The hash is a chain of SplitMix64
finalisers, which pass BigCrush as a counter-based generator.
"""

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53

INIT_MONTH = -4000  # the 'month' of draws made while setting up the city
MONTH_OFFSET = 4096  # months from -4096 on are valid keys

# Purposes: one per kind of decision, so that draws never collide.
SETBACK = 1
SUPPORT_SEEK = 2
SUPPORT_ORDER = 3
SOLVE = 4
ESCALATE = 5
EVICT = 6
JOB = 7
CHILD = 8
BIRTH = 9
SCHOOL = 10
MOVE_WISH = 11
MOVE_ORDER = 12
MOVE_SEARCH = 13
TIE_FORM = 14
TIE_CUT = 15
DEATH = 16
OUT_MIGRATION = 17
IN_MOVER = 18
INIT_DWELLING = 19
INIT_HOUSEHOLD = 20
INIT_PLACE = 21
INIT_TIES = 22
STARTER = 23
CARE_END = 24
ADULT = 25
BASISBAAN = 26
HOUSING_MIX = 27
CONNECT = 28
RESERVE = 29
# housing market (issue 12); numbered from 40 so that purposes added elsewhere do not collide
ALLOC_ORDER = 40
ALLOC_MODE = 41
RENT = 42
STATUSHOUDER = 43


@njit(inline="always")
def _mix(z):
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(inline="always")
def uniform(seed, uid, month, purpose, k):
    """A uniform draw in [0, 1) for one key."""
    z = _mix(np.uint64(seed) + _GOLDEN)
    z = _mix(z + np.uint64(uid) * _GOLDEN)
    z = _mix(z + np.uint64(month + MONTH_OFFSET) * _GOLDEN)
    z = _mix(z + np.uint64(purpose) * _GOLDEN)
    z = _mix(z + np.uint64(k) * _GOLDEN)
    return float(z >> _S11) * _TO_UNIT


@njit(inline="always")
def normal(seed, uid, month, purpose, k):
    """A standard normal draw (Box-Muller on draws k and k + 1)."""
    u1 = uniform(seed, uid, month, purpose, k)
    u2 = uniform(seed, uid, month, purpose, k + 1)
    return np.sqrt(-2.0 * np.log(1.0 - u1)) * np.cos(2.0 * np.pi * u2)


@njit(cache=True)
def uniforms(seed, uids, month, purpose, k):
    """Uniform draws for an array of ids (for set-up code outside the kernels)."""
    out = np.empty(uids.shape[0])
    for i in range(uids.shape[0]):
        out[i] = uniform(seed, uids[i], month, purpose, k)
    return out


@njit(cache=True)
def normals(seed, uids, month, purpose, k):
    """Standard normal draws for an array of ids."""
    out = np.empty(uids.shape[0])
    for i in range(uids.shape[0]):
        out[i] = normal(seed, uids[i], month, purpose, k)
    return out
