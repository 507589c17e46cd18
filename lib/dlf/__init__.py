"""dlf: the small NumPy library of the course "Foundations of Deep Learning".

Read it: every module is short and says in which lecture its idea is taught.
The course's grader lives apart, in the package ``coursegrader``: nothing here imports it.
"""

from importlib.metadata import version

__version__ = version("dlf")  # the one version number is in pyproject.toml
