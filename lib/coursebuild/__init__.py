"""coursebuild: the course's notebooks built from their text sources (see :mod:`.notebooks`).

Usage, from the course folder (``make lectures`` and ``make exercises`` call it)::

    python -m coursebuild lectures [NAME ...]       # build and execute lectures/*.ipynb
    python -m coursebuild solutions [NAME ...]      # build solutions/*/*.ipynb
    python -m coursebuild --check                   # fail if a notebook differs from its text
    python -m coursebuild --to-text PATH.ipynb ...  # make a text source for a new notebook
"""
