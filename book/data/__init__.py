"""The data layer: read, validate, type and document the tables in data/.

    from book.data import load
    ds = load()                  # validated, typed, public rows only
    ds.cases, ds.for_country("KZ"), ds.latest_year(), ds.fingerprint()
"""
from book.data.load import Dataset, load
from book.data.problems import DataError, Problem
from book.data.validate import validate

__all__ = ["Dataset", "DataError", "Problem", "load", "validate"]
