"""Run every benchmark and write bench-results.json (a flat object: figure name → number).

Uses DATABASE_URL when set, else a throwaway SQLite file, so it never touches the development database. With
DATABASE_URL, point it at a scratch database: the dashboards benchmark adds its data set there (once; later
runs reuse it).
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    scratch = tempfile.mkdtemp(prefix="duban-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DUBAN_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench import assessment, dashboards, importing, reminders, reports

    results: dict[str, float] = {}
    for module in (importing, dashboards, reports, assessment, reminders):
        results.update(module.run())
    write_results(results, ROOT / "bench-results.json")
    return 0


def write_results(results: dict[str, float], path: Path) -> None:
    """Print the figures and write them to `path` as one flat JSON object."""
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value:>10.2f}")
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
