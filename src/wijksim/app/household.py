"""What the app shows about one household: capitals, class, problems and ties."""

from __future__ import annotations

import numpy as np

from ..agents import Household
from ..config import TENURES
from ..params import CLASS_KEYS
from . import i18n

MAX_TIES_SHOWN = 8


def household_markdown(m, dwelling: int, lang: str) -> str:
    """A short Markdown description of the household in `dwelling`."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    num = lambda x: i18n.number(x, lang, 2)  # noqa: E731
    if dwelling < 0:
        return t("no_household")
    slot = int(m.dw_hh[dwelling])
    if slot < 0:
        return t("empty_dwelling")
    s = m.s
    uid = int(s.uid[slot])
    hh: Household = next(a for a in m.agents if a.unique_id == uid)
    tenure = i18n.name(i18n.TENURE_NAMES, TENURES[m.layout.dw_tenure[dwelling]], lang)
    lines = [t("hh_where", buurt=hh.buurt, wijk=hh.wijk, tenure=tenure), ""]
    lines.append(f"- {t('hh_class')}: **{i18n.name(i18n.CLASS_NAMES, hh.social_class, lang)}**")
    lines.append(f"- {t('hh_age')}: {hh.age:.0f}; {t('hh_labour')}: {i18n.name(i18n.LABOUR_TEXT, hh.labour, lang)}")
    caps = "; ".join(f"{i18n.name(i18n.CAPITAL_TEXT, k, lang)} {num(v)}" for k, v in hh.capitals.items())
    lines.append(f"- {t('hh_capitals')}: {caps}")
    lines.append(f"- {t('hh_balance')}: {num(hh.draagkracht)} / {num(hh.draaglast)}")
    lines.append(f"- {t('hh_trust')}: {num(hh.trust)}")
    problems = [t("hh_problem", domain=i18n.name(i18n.DOMAIN_NAMES, d, lang), months=p["months"],
                  escalated=t("hh_escalated") if p["escalated"] else "") for d, p in hh.problems.items()]
    lines.append(f"- {t('hh_problems')}: {'; '.join(problems) if problems else t('hh_no_problems')}")
    lines.append(f"- {t('hh_children')}: {len(hh.children)}")
    ties = sorted(hh.ties, key=lambda tie: -tie[1])
    lines.append(f"- {t('hh_ties')} ({len(ties)}): " + (t("hh_no_ties") if not ties else ""))
    for uid, strength in ties[:MAX_TIES_SHOWN]:
        other = np.flatnonzero((s.uid == uid) & (s.alive == 1))
        cls = i18n.name(i18n.CLASS_NAMES, CLASS_KEYS[s.cls[other[0]]], lang) if other.size else "?"
        lines.append(f"    - {t('hh_tie', cls=cls, strength=num(strength))}")
    if len(ties) > MAX_TIES_SHOWN:
        lines.append(f"    - {t('hh_more_ties', n=len(ties) - MAX_TIES_SHOWN)}")
    return "\n".join(lines)
