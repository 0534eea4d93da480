"""MRZ validation: tipnet against the PyPI package `mrz` (0.6.2) on the same generated MRZs.

Run: .venv/bin/python bench/bench_mrz.py [--n 100000] [--runs 5] [--corrupt 0.2] [--seed 9303]
Needs `pip install -r bench/requirements.txt` (mrz is GPL: a benchmark anchor only, never shipped).

The MRZs are composed deterministically (seeded) by tipnet's composers in all five formats, with state
codes both libraries know; a share gets one character substituted (half OCR confusions, half any
character). Both libraries get the same text; the `mrz` checker is chosen the way a caller would, from
the line count, line length and first letter. Reported: agreement on validity, disagreements by
category, and the median throughput of several runs of each.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tipnet.identity.mrz.compose import compose_mrva, compose_mrvb, compose_td1, compose_td2, compose_td3
from tipnet.identity.mrz.fields import KNOWN_STATES
from tipnet.identity.mrz.parse import parse_mrz
from tipnet.identity.mrz.results import MrzResult

try:
    import mrz as mrz_pkg
    from mrz.base.countries import english as MRZ_COUNTRIES
    from mrz.checker.mrva import MRVACodeChecker
    from mrz.checker.mrvb import MRVBCodeChecker
    from mrz.checker.td1 import TD1CodeChecker
    from mrz.checker.td2 import TD2CodeChecker
    from mrz.checker.td3 import TD3CodeChecker
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("the benchmark anchor is missing: .venv/bin/pip install -r bench/requirements.txt")

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"
ALPHABET = ALNUM + "<"
OCR = {"O": "0", "0": "OD", "D": "0", "I": "1", "1": "I", "B": "8", "8": "B", "S": "5", "5": "S",
       "Z": "2", "2": "Z", "G": "6", "6": "G", "K": "<", "<": "K"}  # fmt: skip
FORMATS = (("TD3", 0.40), ("TD1", 0.25), ("MRVA", 0.15), ("TD2", 0.10), ("MRVB", 0.10))
COMPOSERS: dict[str, Callable[..., tuple[str, ...]]] = {
    "TD1": compose_td1,
    "TD2": compose_td2,
    "TD3": compose_td3,
    "MRVA": compose_mrva,
    "MRVB": compose_mrvb,
}
OPTIONAL = {"TD1": 15, "TD2": 7, "TD3": 14, "MRVA": 16, "MRVB": 8}
SYLLABLES = ["AN", "BA", "CHE", "DO", "EL", "FI", "GU", "HA", "IN", "JO", "KA", "LE", "MI", "NO", "OR", "PA",
             "QUI", "RA", "SO", "TA", "U", "VE", "WI", "XU", "YA", "ZO", "NGU", "TH", "KH", "SH"]  # fmt: skip


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def generate(n: int, seed: int, corrupt_share: float, today: date) -> list[tuple[str, str, str]]:
    """(format, MRZ text, what was done to it) for n documents, the same for a given seed."""
    rng = random.Random(seed)
    states = sorted(KNOWN_STATES & set(MRZ_COUNTRIES.values()) - {"UTO"})
    names = [name for name, _ in FORMATS]
    weights = [weight for _, weight in FORMATS]
    docs = []
    for _ in range(n):
        fmt = rng.choices(names, weights)[0]
        birth = today - timedelta(days=rng.randint(365, 95 * 365))
        expiry = today + timedelta(days=rng.randint(-8 * 365, 10 * 365))
        if expiry <= birth:
            expiry = birth + timedelta(days=rng.randint(1, 3650))
        length = 9 if rng.random() < 0.8 else rng.randint(5, 8)
        long = fmt in ("TD1", "TD2") and rng.random() < 0.01
        if long:
            length = rng.randint(10, 12)
        number = "".join(rng.choice(ALNUM) for _ in range(length))
        room = OPTIONAL[fmt] - (length - 9 + 2 if length > 9 else 0)
        optional = (
            "".join(rng.choice(ALNUM) for _ in range(rng.randint(0, max(room, 0))))
            if rng.random() < 0.5
            else ""
        )
        kw = dict(
            issuing_state=rng.choice(states),
            nationality=rng.choice(states),
            surname=" ".join(_word(rng) for _ in range(rng.choice((1, 1, 1, 2)))),
            given_names=" ".join(_word(rng) for _ in range(rng.choice((0, 1, 1, 2, 2, 3)))),
            document_number=number,
            birth_date=birth,
            expiry_date=expiry,
            sex=rng.choices("FMX", (48, 48, 4))[0],
            optional_data=optional,
        )
        lines = list(COMPOSERS[fmt](**kw))
        kind = "clean"
        if rng.random() < corrupt_share:
            i = rng.randrange(len(lines))
            p = rng.randrange(len(lines[i]))
            old = lines[i][p]
            if rng.random() < 0.5 and old in OCR:
                new, kind = rng.choice(OCR[old]), "OCR confusion"
            else:
                new, kind = rng.choice(ALPHABET.replace(old, "")), "random substitution"
            lines[i] = lines[i][:p] + new + lines[i][p + 1 :]
        docs.append((fmt, "\n".join(lines), f"{kind}, long document number" if long else kind))
    return docs


_CHECKERS = {"TD1": TD1CodeChecker, "TD2": TD2CodeChecker, "TD3": TD3CodeChecker,
             "MRVA": MRVACodeChecker, "MRVB": MRVBCodeChecker}  # fmt: skip


def mrz_checker(text: str) -> Any:
    """The `mrz` checker a caller would pick from the shape of the text (an object of that untyped
    package); None if it refuses the input."""
    lines = text.split("\n")
    visa = lines[0][:1] == "V"
    if len(lines) == 3:
        cls = TD1CodeChecker
    elif len(lines[0]) == 44:
        cls = MRVACodeChecker if visa else TD3CodeChecker
    else:
        cls = MRVBCodeChecker if visa else TD2CodeChecker
    try:
        return cls(text)
    except Exception:  # the package raises on input it cannot check
        return None


def mrz_valid(text: str) -> bool:
    checker = mrz_checker(text)
    return bool(checker) if checker is not None else False


def classify(ours: MrzResult, checker: Any, fmt: str, kind: str) -> str:
    """A disagreement's cause, in words; the raw verdicts when it is none of the known ones."""
    codes = {f.code for f in ours.errors()}
    theirs = set(checker.report.errors) if checker is not None else {"mrz raised"}
    if ours.valid:
        if "long document number" in kind and theirs == {"false document number hash"}:
            return "tipnet valid, mrz invalid: TD1/TD2 long document number (Doc 9303 convention mrz lacks)"
        if "sex.x_in_mrz" in ours.codes() and theirs == {"false valid genre format"}:
            return "tipnet valid (with a warning), mrz invalid: 'X' in the sex field"
        return f"tipnet valid, mrz invalid ({fmt}, {kind}): mrz says {', '.join(sorted(theirs))}"
    if codes == {"document_type.invalid"} and ours.lines and ours.lines[0][1:2].isdigit():
        return "tipnet invalid, mrz valid: a digit as the document code's second character"
    if codes <= {"issuing_state.unknown", "nationality.unknown"}:
        states = sorted({x for x in (ours.issuing_state, ours.nationality) if x not in KNOWN_STATES})
        return f"tipnet invalid, mrz valid: state code missing from tipnet's code lists ({', '.join(states)})"
    return f"tipnet invalid, mrz valid ({fmt}, {kind}): tipnet says {', '.join(sorted(codes))}"


def timed(fns: dict[str, Callable[[str], object]], texts: list[str], runs: int) -> dict[str, list[float]]:
    """MRZs per second of each function, runs interleaved so that a change of machine load during the
    benchmark weighs on every implementation alike."""
    rates: dict[str, list[float]] = {name: [] for name in fns}
    for run in range(runs):
        names = list(fns)
        names = names[run % len(names) :] + names[: run % len(names)]  # rotate who goes first
        for name in names:
            fn = fns[name]
            start = time.perf_counter()
            for text in texts:
                fn(text)
            rates[name].append(len(texts) / (time.perf_counter() - start))
    return rates


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor() or "unknown"
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corrupt", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=9303)
    args = ap.parse_args()

    today = date.today()
    docs = generate(args.n, args.seed, args.corrupt, today)
    texts = [text for _, text, _ in docs]
    kinds = Counter(kind for _, _, kind in docs)
    print(
        f"{len(docs):,} MRZs: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())), file=sys.stderr
    )

    # Agreement on validity, disagreements by category.
    agree = 0
    ours_valid = theirs_valid = repaired = 0
    categories: Counter[str] = Counter()
    for fmt, text, kind in docs:
        ours = parse_mrz(text, today=today)
        checker = mrz_checker(text)
        theirs = bool(checker) if checker is not None else False
        ours_valid += ours.valid
        theirs_valid += theirs
        repaired += ours.repaired is not None
        if ours.valid == theirs:
            agree += 1
            continue
        categories[classify(ours, checker, fmt, kind)] += 1

    def ours_default(text: str) -> object:
        return parse_mrz(text, today=today)

    def ours_no_repair(text: str) -> object:
        return parse_mrz(text, today=today, repair=False)

    rates = timed(
        {
            "tipnet parse_mrz (findings, risk signals, OCR repair)": ours_default,
            "tipnet parse_mrz(repair=False)": ours_no_repair,
            f"mrz {getattr(mrz_pkg, '__version__', '0.6.2')} checkers": mrz_valid,
        },
        texts,
        args.runs,
    )
    anchor = statistics.median(next(v for k, v in rates.items() if k.startswith("mrz")))

    n = len(docs)
    print()
    print("## MRZ validation (issue 3)")
    print()
    print(
        f"Command: `.venv/bin/python bench/bench_mrz.py --n {args.n} --runs {args.runs} "
        f"--corrupt {args.corrupt} --seed {args.seed}` (anchor: PyPI `mrz==0.6.2` from bench/requirements.txt)."
    )
    print()
    print(
        f"Machine: {cpu_model()}, {len(__import__('os').sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}. Date: {today.isoformat()}."
    )
    print()
    print(
        f"Data: {n:,} MRZs composed by tipnet (TD3 40%, TD1 25%, MRV-A 15%, TD2 10%, MRV-B 10%; seed "
        f"{args.seed}), {args.corrupt:.0%} with one substituted character (half OCR confusions, half any "
        "character). Both libraries get the same text; the `mrz` checker is picked from the line count, "
        "line length and first letter."
    )
    print()
    print("| | value |")
    print("|---|---:|")
    print(f"| documents | {n:,} |")
    for k, v in sorted(kinds.items()):
        print(f"| of which {k} | {v:,} |")
    print(f"| valid according to tipnet | {ours_valid:,} |")
    print(f"| valid according to mrz | {theirs_valid:,} |")
    print(f"| agreement on validity | {agree:,} ({agree / n:.3%}) |")
    print(f"| tipnet: invalid with a unique OCR repair | {repaired:,} |")
    print()
    print(f"| implementation | MRZs/s, median of {args.runs} | runs (interleaved) | vs mrz |")
    print("|---|---:|---|---:|")
    for name, values in rates.items():
        med = statistics.median(values)
        runs = ", ".join(f"{v:,.0f}" for v in values)
        print(f"| {name} | {med:,.0f} | {runs} | {med / anchor:.2f}x |")
    print()
    print("Disagreements by category:")
    print()
    print("| count | category |")
    print("|---:|---|")
    for cat, count in categories.most_common():
        print(f"| {count:,} | {cat} |")
    if not categories:
        print("| 0 | none |")


if __name__ == "__main__":
    main()
