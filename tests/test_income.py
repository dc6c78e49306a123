"""Household income by labour state and composition, and CBS's equivalence factor
(docs/model.md, section 4 "Income")."""

from __future__ import annotations

import numpy as np
import pytest

from wijksim.params import ModelParams
from wijksim.population import earnings, equivalence_factor, household_income
from wijksim.processes.housing import taxable_income
from wijksim.state import BASISBAAN, EMPLOYED, MAX_CHILDREN, NO_CHILD, RETIRED, STUDENT, UNEMPLOYED


def _children(*ages: float) -> list[float]:
    return list(ages) + [NO_CHILD] * (MAX_CHILDREN - len(ages))


def test_income_follows_labour_state_and_composition():
    p = ModelParams()
    q = p.income
    rows = [  # econ, labour, single, children, expected
        (0.5, UNEMPLOYED, 1, [], q.bijstand_single),
        (0.9, UNEMPLOYED, 0, [3.0], q.bijstand_couple + q.child_benefit),
        (0.5, RETIRED, 1, [], q.aow_single + q.pension_median),
        (0.5, RETIRED, 0, [], q.aow_couple + q.pension_median),
        (0.2, BASISBAAN, 0, [1.0, 5.0], q.minimum_wage + 2 * q.child_benefit),
        (0.7, STUDENT, 1, [], q.student),
        (0.5, EMPLOYED, 1, [], q.median),
        (0.5, EMPLOYED, 0, [], q.median * (1 + q.partner_share)),
        (0.01, EMPLOYED, 1, [], q.bijstand_single),  # low pay topped up to the social minimum
    ]
    econ, labour, single, kids, expected = zip(*rows)
    got = household_income(econ, labour, single, [_children(*k) for k in kids], p)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_earnings_and_pensions_rise_with_economic_capital():
    p = ModelParams()
    econ = np.linspace(0.3, 0.99, 8)
    for labour in (EMPLOYED, RETIRED):
        inc = household_income(econ, [labour] * 8, [0] * 8, [_children()] * 8, p)
        assert np.all(np.diff(inc) > 0)
    assert earnings(1.0, p) / earnings(0.0, p) == pytest.approx(np.exp(p.income.spread))


def test_equivalence_factor_is_cbs_table():
    single = [1, 0, 0, 1, 0, 0]
    kids = [_children(), _children(), _children(4.0), _children(2.0, 9.0), _children(1.0, 3.0, 5.0),
            _children(19.0, 10.0)]  # the last: a child of 19 at home counts as an adult
    np.testing.assert_allclose(equivalence_factor(single, kids), [1.00, 1.37, 1.67, 1.51, 2.06, 1.95])


def test_taxable_income_gives_the_2024_limits_back():
    """The verzamelinkomen estimated from net income (housing limits only): a single employee at
    the DAEB limit and two equal earners at the multi-person limit (net amounts from the 2024
    tariff, docs/model.md "Housing market") come out within 1%; kinderbijslag does not count."""
    p = ModelParams()
    net = np.array([36937.0, 50111.0, 25874.0, 36937.0 + 2 * p.income.child_benefit])
    single = np.array([1, 0, 1, 1])
    kids = np.array([_children(), _children(), _children(), _children(4.0, 9.0)])
    taxable = taxable_income(net, single, kids, p)
    assert taxable == pytest.approx([47699, 52671, 27725, 47699], rel=0.01)
    assert np.all(np.diff(taxable_income(np.linspace(0, 120000, 50), np.ones(50), np.full((50, MAX_CHILDREN), NO_CHILD), p)) > 0)
