"""Deterministic sample batches of customers, with a drift knob.

`drift=0` gives a batch whose churn follows a stable, learnable rule; raising `drift` towards 1 shifts the
customers (higher charges, shorter tenure), flips which contracts churn, and adds label noise, so a model
scores measurably worse on it and the metric gate rejects it. Same seed, same rows, on every machine.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np
import pandas as pd

from churn.features import CONTRACTS, INTERNET_SERVICES, PAYMENT_METHODS


def generate(rows: int, seed: int, drift: float = 0.0) -> pd.DataFrame:
    """A batch of `rows` customers; `drift` in [0, 1]."""
    if rows <= 0:
        raise ValueError(f"rows must be positive, got {rows}")
    if not 0.0 <= drift <= 1.0:
        raise ValueError(f"drift must be within [0, 1], got {drift}")
    rng = np.random.default_rng(seed)
    tenure = np.clip(rng.gamma(2.0, 14.0 * (1.0 - 0.5 * drift), rows), 0, 72).round()
    contract = rng.choice(CONTRACTS, rows, p=[0.5, 0.3, 0.2])
    payment = rng.choice(PAYMENT_METHODS, rows)
    internet = rng.choice(INTERNET_SERVICES, rows, p=[0.4, 0.4, 0.2])
    monthly = (rng.normal(65.0, 20.0, rows) + 20.0 * drift + np.where(internet == "fiber", 15.0, 0.0)).clip(18.0, 130.0)
    total = (monthly * np.maximum(tenure, 1) * rng.normal(1.0, 0.05, rows)).round(2)
    tickets = rng.poisson(1.0 + 0.5 * drift, rows)
    senior = (rng.random(rows) < 0.16).astype(int)

    # The stable rule: short tenure, month-to-month, electronic checks, tickets and high charges churn.
    contract_effect = np.select([contract == "month-to-month", contract == "one-year"], [1.2, -0.3], -1.5)
    logit = (
        -0.6
        - 0.05 * tenure
        + contract_effect * (1.0 - 2.0 * drift)  # at full drift long contracts churn, month-to-month stays
        + 0.7 * (payment == "electronic-check")
        + 0.45 * tickets
        + 0.025 * (monthly - 65.0)
        + 0.3 * senior
    )
    churned = (rng.random(rows) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    noise = rng.random(rows) < 0.35 * drift
    churned = np.where(noise, 1 - churned, churned)
    return pd.DataFrame(
        {
            "customer_id": [f"C{seed:04d}-{i:06d}" for i in range(rows)],
            "tenure_months": tenure.astype(int),
            "monthly_charges": monthly.round(2),
            "total_charges": total,
            "contract": contract,
            "payment_method": payment,
            "internet_service": internet,
            "support_tickets": tickets,
            "senior_citizen": senior,
            "churned": churned,
        }
    )


def write_partition(df: pd.DataFrame, root: str, date: str, *, parts: int = 1) -> str:
    """Writes `root/date=<date>/part-0000N.csv` and a `_SUCCESS` marker last, as a landing job would."""
    folder = os.path.join(root, f"date={date}")
    os.makedirs(folder, exist_ok=True)
    for i, chunk in enumerate(np.array_split(np.arange(len(df)), parts)):
        df.iloc[chunk].to_csv(os.path.join(folder, f"part-{i:05d}.csv"), index=False)
    open(os.path.join(folder, "_SUCCESS"), "wb").close()
    return folder


def main(argv: list[str] | None = None) -> int:
    """`python -m churn.datagen --out DIR --date 2026-11-25 [--rows N --seed S --drift D --parts P]`."""
    parser = argparse.ArgumentParser(prog="churn.datagen", description=__doc__)
    parser.add_argument("--out", required=True, help="root folder; the partition is written under date=<date>/")
    parser.add_argument("--date", required=True, help="partition date, YYYY-MM-DD")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--drift", type=float, default=0.0)
    parser.add_argument("--parts", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        folder = write_partition(generate(args.rows, args.seed, args.drift), args.out, args.date, parts=args.parts)
    except ValueError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 2
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
