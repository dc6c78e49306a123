"""`wijksim calibrate`: approximate Bayesian computation (pyabc's ABC-SMC on the project's Dask
client) of chosen assumed parameters against the calibration-set validation targets only.

spec.py reads the calibration file, measures.py turns one baseline run into the targets'
figures, simulate.py is the model pyabc calls, run.py runs ABC-SMC and writes the posterior."""
