"""The one error type the jobs turn into a clear message and a non-zero exit."""


class ChurnInputError(ValueError):
    """Bad input (data file, partition, parameter): the job must fail with this message, not a traceback.

    A subclass of ValueError so callers that do not know this package still see a value problem.
    """
