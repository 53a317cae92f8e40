"""spark_python_task entry point of the **register** job (resources/register.yml); job parameters arrive as arguments.

The bundle root (this file's parent folder, synced to the workspace) is put on sys.path so the `churn`
package is importable the same way on Databricks and on the local emulator, without a wheel.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from churn.jobs import register_main, entry  # noqa: E402 - needs the path above

if __name__ == "__main__":
    entry(register_main)
