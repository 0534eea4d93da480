# SPDX-License-Identifier: Apache-2.0
"""Score a screener's verdicts (tipnet's `adverts screen --json`) against the independent advert set.

    python bench/independent/adverts/score.py --data DIR --verdicts VERDICTS.jsonl [--json]

VERDICTS.jsonl: one JSON object per line with `id`, `language`, `deceptive` (true/false), `score` and
`flags` (a list of {code, text, evidence}). Per language of the truth (and over all): recall of deceptive
adverts at a false-positive rate <= 0.10 on genuine ones (the best threshold on `score`), PR-AUC (average
precision of `score`), the verdict's own decision (precision, recall, false-positive rate), the share of
flagged adverts with at least one red flag, and the share of flags whose evidence is in the advert's text.
Also: recall by red-flag pattern, false positives by hard-negative pattern and by style, language
identification, and adverts without a verdict (scored as the lowest score, not flagged).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

MAX_FPR = 0.10
GOAL_RECALL = 0.85


def _read_truth(data: Path) -> dict[str, dict[str, str]]:
    with (data / "adverts.csv").open(newline="", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def _read_verdicts(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                v = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON ({exc.msg})") from exc
            out[str(v["id"])] = v
    return out


def recall_at_fpr(pairs: list[tuple[float, bool]], max_fpr: float = MAX_FPR) -> tuple[float, float | None]:
    """Best recall with FPR <= max_fpr, flagging every advert scored at or above a threshold (ties stay
    together), and that threshold (None when only flagging nothing meets the bound)."""
    pos = sum(y for _, y in pairs)
    neg = len(pairs) - pos
    if not pos:
        return 0.0, None
    best, best_t = 0.0, None
    tp = fp = 0
    for score, group in _groups(pairs):
        tp += sum(group)
        fp += len(group) - sum(group)
        if neg and fp / neg > max_fpr:
            break
        if tp / pos > best:
            best, best_t = tp / pos, score
    return best, best_t


def average_precision(pairs: list[tuple[float, bool]]) -> float:
    """Area under the precision-recall curve as average precision (step-wise, ties as one step)."""
    pos = sum(y for _, y in pairs)
    if not pos:
        return 0.0
    tp = fp = 0
    ap = 0.0
    prev_recall = 0.0
    for _score, group in _groups(pairs):
        tp += sum(group)
        fp += len(group) - sum(group)
        recall = tp / pos
        ap += (recall - prev_recall) * (tp / (tp + fp))
        prev_recall = recall
    return ap


def _groups(pairs: list[tuple[float, bool]]):
    ordered = sorted(pairs, key=lambda p: -p[0])
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            j += 1
        yield ordered[i][0], [y for _, y in ordered[i:j]]
        i = j


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u200b", "").casefold()


def _block(rows: list[tuple[dict[str, str], dict | None]]) -> dict:
    pairs = []
    tp = fp = fn = tn = 0
    flagged = flagged_explained = flags = flags_in_text = 0
    for truth, v in rows:
        y = truth["label"] == "deceptive"
        score = float(v["score"]) if v is not None and v.get("score") is not None else -math.inf
        pairs.append((score, y))
        said = bool(v and v.get("deceptive"))
        tp += said and y
        fp += said and not y
        fn += (not said) and y
        tn += (not said) and not y
        if said:
            flagged += 1
            good = [f for f in (v or {}).get("flags") or [] if isinstance(f, dict) and f.get("code")]
            flagged_explained += bool(good)
            text = _norm(truth["text"])
            for f in good:
                flags += 1
                ev = f.get("evidence") or ""
                flags_in_text += bool(ev) and _norm(str(ev)) in text
    r_at, threshold = recall_at_fpr(pairs)
    if threshold is not None and not math.isfinite(threshold):
        threshold = None
    pos, neg = tp + fn, fp + tn
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / pos if pos else 0.0
    return {
        "adverts": len(rows),
        "deceptive": pos,
        "genuine": neg,
        "recall_at_fpr_0.10": round(r_at, 4),
        "threshold_at_fpr_0.10": threshold,
        "pr_auc": round(average_precision(pairs), 4),
        "decision": {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "fpr": round(fp / neg, 4) if neg else 0.0,
            "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
        },
        "flagged_with_a_flag": round(flagged_explained / flagged, 4) if flagged else None,
        "flags_with_evidence_in_text": round(flags_in_text / flags, 4) if flags else None,
    }


def score(data: Path, verdicts_path: Path) -> dict:
    truth = _read_truth(data)
    verdicts = _read_verdicts(verdicts_path)
    by_lang: dict[str, list[tuple[dict[str, str], dict | None]]] = defaultdict(list)
    for aid, t in truth.items():
        by_lang[t["language"]].append((t, verdicts.get(aid)))
    everything = [x for rows in by_lang.values() for x in rows]
    result: dict = {
        "adverts": len(truth),
        "verdicts": len(verdicts),
        "missing_verdicts": sum(aid not in verdicts for aid in truth),
        "unknown_ids": sum(vid not in truth for vid in verdicts),
        "per_language": {lang: _block(rows) for lang, rows in sorted(by_lang.items())},
        "all": _block(everything),
    }
    # language identification: the verdict's language against the truth's
    said = [(t["language"], (v or {}).get("language")) for t, v in everything if v is not None]
    result["language_id_accuracy"] = round(sum(a == b for a, b in said) / len(said), 4) if said else None
    # by pattern: recall of deceptive adverts carrying each red flag, false positives on genuine ones
    # carrying each hard pattern, and both by style
    by_pat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t, v in everything:
        hit = bool(v and v.get("deceptive"))
        for p in filter(None, t["patterns"].split(";")):
            by_pat[f"{t['label']}:{p}"][0] += hit
            by_pat[f"{t['label']}:{p}"][1] += 1
        by_pat[f"{t['label']}:style_{t['style']}"][0] += hit
        by_pat[f"{t['label']}:style_{t['style']}"][1] += 1
    result["deceptive_recall_by_pattern"] = {
        k.split(":", 1)[1]: round(a / n, 4)
        for k, (a, n) in sorted(by_pat.items())
        if k.startswith("deceptive:")
    }
    result["genuine_fpr_by_pattern"] = {
        k.split(":", 1)[1]: round(a / n, 4)
        for k, (a, n) in sorted(by_pat.items())
        if k.startswith("genuine:")
    }
    result["goal"] = {
        f"recall_at_fpr_0.10_at_least_{GOAL_RECALL}_in_every_language": all(
            b["recall_at_fpr_0.10"] >= GOAL_RECALL for b in result["per_language"].values()
        ),
        "every_flagged_advert_has_a_flag": all(
            b["flagged_with_a_flag"] in (None, 1.0) for b in result["per_language"].values()
        ),
    }
    return result


def _print(r: dict) -> None:
    out = sys.stdout.write
    out(f"{r['adverts']} adverts, {r['verdicts']} verdicts ({r['missing_verdicts']} missing, {r['unknown_ids']} unknown ids); "
        f"language id accuracy {r['language_id_accuracy']}\n\n")  # fmt: skip
    out(
        f"{'lang':<6}{'n':>6}{'dec':>6}{'R@FPR.1':>9}{'PR-AUC':>8}{'prec':>7}{'rec':>7}{'FPR':>7}{'flag>=1':>9}{'ev in text':>11}\n"
    )
    for lang, b in [*r["per_language"].items(), ("all", r["all"])]:
        d = b["decision"]
        f1 = "-" if b["flagged_with_a_flag"] is None else f"{b['flagged_with_a_flag']:.3f}"
        ev = "-" if b["flags_with_evidence_in_text"] is None else f"{b['flags_with_evidence_in_text']:.3f}"
        out(f"{lang:<6}{b['adverts']:>6}{b['deceptive']:>6}{b['recall_at_fpr_0.10']:>9.3f}{b['pr_auc']:>8.3f}"
            f"{d['precision']:>7.3f}{d['recall']:>7.3f}{d['fpr']:>7.3f}{f1:>9}{ev:>11}\n")  # fmt: skip
    out("\ndeceptive recall (the screener's decision) by pattern:\n")
    out("  " + ", ".join(f"{k} {v:.2f}" for k, v in r["deceptive_recall_by_pattern"].items()) + "\n")
    out("false-positive rate on genuine adverts by pattern:\n")
    out("  " + ", ".join(f"{k} {v:.2f}" for k, v in r["genuine_fpr_by_pattern"].items()) + "\n")
    out(f"\ngoal: {r['goal']}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the generated folder (adverts.csv)")
    parser.add_argument("--verdicts", type=Path, required=True, help="the screener's JSON lines")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = score(args.data, args.verdicts)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
