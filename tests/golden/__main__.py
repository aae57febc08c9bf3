"""``python -m tests.golden --regenerate [SCENARIO ...]``: record the golden playthroughs again.

Run it from the repository root after a deliberate change to the rules, maps, scenarios or
bots, then read the diff of tests/golden/*.txt and commit it with the change.
"""

from __future__ import annotations

import argparse
import sys

from tests.golden import all_scenarios, path_of, record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__.split("\n\n")[0])
    parser.add_argument("--regenerate", action="store_true", help="play and write the playthroughs again")
    parser.add_argument("scenarios", nargs="*", help="only these scenarios (default: every one)")
    args = parser.parse_args(argv)
    if not args.regenerate:
        parser.error("say --regenerate to overwrite the golden files "
                     "(the tests check them: python -m pytest tests/test_golden.py)")
    names = args.scenarios or all_scenarios()
    unknown = sorted(set(names) - set(all_scenarios()))
    if unknown:
        parser.error(f"no scenario {', '.join(unknown)} (one of {', '.join(all_scenarios())})")
    for name in names:
        path = path_of(name)
        before = path.read_text() if path.exists() else ""
        after = record(name).to_text()
        path.write_text(after)
        print(f"{path.relative_to(path.parents[2])}: {'unchanged' if before == after else 'rewritten'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
