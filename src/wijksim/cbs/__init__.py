"""Real cities from CBS "Kerncijfers wijken en buurten", in three steps, one module each:

1. :mod:`.read` reads a CSV export of the table (any year, OData TypedDataSet, StatLine CSV
   with titles or the classic StatLine export) into a :class:`Table`;
2. :mod:`.figures` takes a gemeente's wijken and buurten from it, filling in missing values
   (:func:`select`, giving a :class:`Selection`);
3. :mod:`.build` maps the figures onto the model: numbers, tenure, price bands and SCP class
   mix per buurt (:func:`plan`, giving a :class:`CbsPlan`).

Errors are :class:`CbsFileError` (a problem in the file: file and line) or
:class:`CbsCodeError` (a code in the scenario that the file lacks); config.py turns them into
one-line scenario errors. The method is documented in docs/model.md, "Building a city from
CBS data".
"""

from .build import BuurtPlan, CbsPlan, class_features, fit_mix, plan
from .figures import BuurtFigures, Selection, WijkFigures, select
from .read import COLUMNS, CbsCodeError, CbsFileError, Table, read_table, stem

__all__ = ["BuurtFigures", "BuurtPlan", "COLUMNS", "CbsCodeError", "CbsFileError", "CbsPlan", "Selection", "Table",
           "WijkFigures", "class_features", "fit_mix", "plan", "read_table", "select", "stem"]
