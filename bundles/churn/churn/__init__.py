"""Customer churn model: the example bundle's Python package.

Modules: `data` reads landed partitions, `features` owns the input schema and preprocessing, `train`,
`evaluate` and `register` hold the logic of the three Databricks jobs (their entry points are in `src/`),
`datagen` writes deterministic sample batches, `cli` holds the shared parameter parsing of the jobs.
"""

__all__ = ["ChurnInputError"]

from churn.errors import ChurnInputError
