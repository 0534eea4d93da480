"""Romanize 100,000 simulated names of each script and report names per second (median of 3 runs).

Run: .venv/bin/python bench/bench_romanize.py [--n 100000] [--runs 3]

Names come from the scenario simulator (`tipnet.sim.names.draw_name`) when it is importable,
else from the test tables' given and family names combined deterministically. Every run starts
with the romanizers' word caches cleared; within a run words repeat as they do in real registers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tipnet.identity.romanize import romanize

# Fallback tables: (family names, given names, family first?) per script.
TABLES: dict[str, tuple[list[str], list[str], bool]] = {
    "Khmer": (["ហ៊ុន", "សុខ", "ចាន់", "កែវ", "ជា", "លី", "ហេង", "ស៊ិន", "ម៉ៅ", "ពេជ្រ"],
              ["សែន", "ដារា", "សុភា", "វណ្ណា", "សុខា", "ចន្ថា", "រតនា", "សុភាព", "បុប្ផា", "ធីតា"], True),
    "Thai": (["ชินวัตร", "วงศ์สวัสดิ์", "จันทร์โอชา", "ศรีสุข", "ทองดี", "ใจดี", "แก้วมณี", "สุขสวัสดิ์", "ทองสุข", "รุ่งเรือง"],
             ["ทักษิณ", "สมชาย", "ประยุทธ์", "สมศรี", "บุญมี", "พรชัย", "จิราพร", "วิชัย", "มาลี", "กาญจนา"], False),
    "Lao": (["ສີສຸລິດ", "ພົມມະຈັນ", "ແກ້ວ", "ວົງສາ", "ຈັນທະວົງ", "ສີພັນດອນ", "ພົມວິຫານ", "ສີສະຫວາດ"],
            ["ທອງລຸນ", "ສົມພອນ", "ບຸນມີ", "ສົມສັກ", "ຄຳພອນ", "ສຸກ", "ບົວ", "ແສງ", "ວັນ", "ມະນີ"], False),
    "Burmese": ([], ["အောင်", "ကျော်", "မြင့်", "သိန်း", "ထွန်း", "ဝင်း", "ငြိမ်း", "လှိုင်", "ဇော်", "နိုင်",
                     "စိုး", "သန့်", "ခင်", "ဖြိုး", "ဝေ", "ရီ", "မြ", "ထက်", "လွင်", "နွယ်"], False),
    "Chinese": (["陈", "林", "黄", "李", "张", "王", "刘", "吴", "杨", "赵", "陳", "張", "黃", "劉", "欧阳"],
                ["伟", "明华", "大文", "志强", "秀英", "丽", "建国", "小平", "英文", "國華", "美玲", "家豪"], True),
    "Vietnamese": (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi"],
                   ["Văn An", "Thị Hương", "Văn Đức", "Thị Lan", "Minh Chính", "Thị Ngọc Thịnh", "Tấn Dũng", "Văn Nam"], True),
}  # fmt: skip
SIM_NATIONALITY = {
    "Khmer": "KHM",
    "Thai": "THA",
    "Lao": "LAO",
    "Burmese": "MMR",
    "Chinese": "CHN",
    "Vietnamese": "VNM",
}


def _from_tables(script: str, n: int) -> list[str]:
    family, given, family_first = TABLES[script]
    rng = random.Random(f"bench-{script}")
    out: list[str] = []
    for _ in range(n):
        if not family:  # Burmese: 2-4 syllables, no spaces, no family name
            out.append("".join(rng.choice(given) for _ in range(rng.choice((2, 3, 3, 4)))))
            continue
        f, g = rng.choice(family), rng.choice(given)
        if script == "Chinese":
            out.append(f + g)
        else:
            out.append(f"{f} {g}" if family_first else f"{g} {f}")
    return out


def _from_sim(script: str, n: int) -> list[str] | None:
    """Native-script names from the simulator, or None if it is not there (or not as expected)."""
    try:
        from tipnet.sim.names import draw_name
    except Exception:
        return None
    nat = SIM_NATIONALITY[script]
    rng = random.Random(f"bench-{script}")
    out: list[str] = []
    try:
        for i in range(n):
            person = draw_name(rng, nat, "F" if i % 2 else "M")
            fam = person.family.native if person.family else ""
            mid = person.middle.native if person.middle else ""
            giv = [p.native for p in person.given]
            if nat == "MMR":
                out.append("".join(giv))
            elif nat == "CHN":
                out.append(fam + "".join(giv))
            elif nat in ("KHM", "VNM"):
                out.append(" ".join(x for x in (fam, mid, *giv) if x))
            else:
                out.append(" ".join(x for x in (*giv, mid, fam) if x))
    except Exception:
        return None
    return out


def _clear_caches() -> None:
    import importlib
    import pkgutil

    for module, names in (
        ("tipnet.identity.romanize.thai", ("word_options",)),
        ("tipnet.identity.romanize.lao", ("word_options",)),
        ("tipnet.identity.romanize.burmese", ("syllable_options",)),
        ("tipnet.identity.romanize.chinese", ("_name_options", "cantonese_syllable", "wade_giles")),
        ("tipnet.identity.romanize.vietnamese", ("word_options",)),
    ):
        mod = importlib.import_module(module)
        for name in names:
            cache_clear: Callable[[], None] | None = getattr(getattr(mod, name, None), "cache_clear", None)
            if cache_clear is not None:
                cache_clear()
    khmer = importlib.import_module("tipnet.identity.romanize.khmer")
    for info in pkgutil.iter_modules(khmer.__path__, "tipnet.identity.romanize.khmer."):
        for obj in vars(importlib.import_module(info.name)).values():  # the Khmer modules' own caches
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()


def bench(names: list[str], runs: int) -> tuple[float, int]:
    rates: list[float] = []
    empty = 0
    for _ in range(runs):
        _clear_caches()
        start = time.perf_counter()
        empty = sum(1 for name in names if not romanize(name, limit=8))
        rates.append(len(names) / (time.perf_counter() - start))
    return statistics.median(rates), empty


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"| script | source | names | distinct | names/s (median of {args.runs}) | no candidate |")
    print("|---|---|---:|---:|---:|---:|")
    for script in TABLES:
        names = _from_sim(script, args.n)
        source = "tipnet.sim"
        if names is None:
            names, source = _from_tables(script, args.n), "test tables"
        rate, empty = bench(names, args.runs)
        print(
            f"| {script} | {source} | {len(names):,} | {len(set(names)):,} | {rate:,.0f} | {empty} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
