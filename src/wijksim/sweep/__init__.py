"""Parameter sweeps on Dask, sensitivity analysis with SALib and scenario discovery with PRIM.

    spec      experiment files (experiments/*.yaml): schema and loading
    paths     dotted paths into a scenario (model.support.professional_help, interventions.basisbaan.places)
    design    design points (SALib samplers, full factorial) and the runs' seeds
    runone    one run on a worker: factors in, small row of outcomes out
    execute   the Dask client (LocalCluster, a scheduler, or SLURM) and the sweep loop
    store     the output folder: one Parquet file per run, written atomically
    analyse   Sobol and Morris indices, which parameters drive which outcomes
    plotting  the analysis plots
    discovery scenario discovery with PRIM (ema-workbench)
"""

from .spec import ExperimentError, load_experiment
from .store import load_runs

__all__ = ["ExperimentError", "load_experiment", "load_runs"]
