"""dlf: the small NumPy library of the course "Foundations of Deep Learning".

Read it: every module is short and says in which lecture its idea is taught.
"""

__version__ = "0.1.0"
