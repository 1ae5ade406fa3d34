"""Run every benchmark module (benchmarks/*_bench.py), each in its own process.

``python -m benchmarks``            run them all
``python -m benchmarks search``     run those whose name contains "search"
"""

import pkgutil
import subprocess
import sys
from pathlib import Path


def discover():
    """The benchmark modules' names, sorted."""
    folder = Path(__file__).parent
    return sorted(
        info.name for info in pkgutil.iter_modules([str(folder)]) if info.name.endswith("_bench")
    )


def main(argv):
    wanted = argv[1:]
    names = [name for name in discover() if not wanted or any(w in name for w in wanted)]
    if not names:
        print("No benchmark matches", " ".join(wanted))
        return 1
    failed = []
    for name in names:
        print(f"==> benchmarks.{name}", flush=True)
        code = subprocess.call([sys.executable, "-m", f"benchmarks.{name}"])  # noqa: S603
        if code:
            failed.append(name)
    if failed:
        print("Failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
