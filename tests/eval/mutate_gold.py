#!/usr/bin/env python3
"""Makes system outputs from gold files by random edits, to test that the project's scorer
(tests/eval/score.c) and ../shared/eval/score.py agree on outputs that are neither empty nor
perfect: renamed and dropped actors, speakers given by alias, claims with words dropped, added
or swapped, tariff values nudged around the 1% tolerance, offsets right and wrong, and the
spellings norm() must fold (case, curly apostrophes, "the", possessives, accents, no-break
spaces, fullwidth forms).

usage: mutate_gold.py GOLD_DIR OUT_DIR SEED
"""
import json
import os
import random
import sys

FOLDS = [
    lambda s: s.upper(),
    lambda s: s.lower(),
    lambda s: "The " + s,
    lambda s: "the " + s,
    lambda s: s + "\u2019s",
    lambda s: s + "'s",
    lambda s: s.replace(" ", "\u00a0"),
    lambda s: s.replace(" ", "  "),
    lambda s: s.replace("e", "\u00e9"),
    lambda s: s.replace("a", "\uff41"),
    lambda s: s + ".",
    lambda s: "\u201c" + s + "\u201d",
    lambda s: s.replace(".", ""),
    lambda s: "Ms " + s,
]


def read_body(path):
    with open(path, encoding="utf-8") as f:
        content = f.read()
    nl = content.find("\n")
    rest = content[nl + 1:] if nl >= 0 else ""
    return rest[1:] if rest.startswith("\n") else rest


def span(rng, body, text):
    """A mention/claim/tariff span for text: usually right, sometimes off, sometimes odd."""
    i = body.find(text) if text else -1
    roll = rng.random()
    if i < 0 or roll < 0.1:
        return {"start": rng.randrange(0, len(body) + 2), "end": rng.randrange(0, len(body) + 2)}
    if roll < 0.15:
        return {"start": i + 1, "end": i + 1 + len(text)}
    if roll < 0.18:
        return {"start": float(i), "end": i + len(text)}
    if roll < 0.2:
        return {"start": False, "end": len(text) > 0}
    return {"start": i, "end": i + len(text)}


def mutate_actor(rng, body, a):
    forms = [a.get("name")] + list(a.get("aliases") or [])
    forms = [f for f in forms if f]
    out = {"name": a.get("name"), "type": a.get("type")}
    roll = rng.random()
    if roll < 0.15 and forms:
        out["name"] = rng.choice(forms)
    elif roll < 0.25 and forms:
        out["name"] = rng.choice(FOLDS)(rng.choice(forms))
    elif roll < 0.3:
        out["name"] = "Unknown " + str(rng.randrange(100))
    elif roll < 0.33:
        out["name"] = None
    if rng.random() < 0.1:
        out["type"] = rng.choice(["person", "country", "organization", "", None])
    mentions = []
    for f in forms:
        if rng.random() < 0.6:
            text = f if rng.random() < 0.8 else rng.choice(FOLDS)(f)
            m = {"text": text}
            m.update(span(rng, body, text))
            mentions.append(m)
    if rng.random() < 0.05:
        mentions.append("not a mention")
    out["mentions"] = mentions
    if rng.random() < 0.3:
        out["aliases"] = [rng.choice(FOLDS)(f) for f in forms[:2]]
    return out


def mutate_text(rng, text):
    words = (text or "").split()
    roll = rng.random()
    if roll < 0.2 and words:
        k = rng.randrange(len(words))
        words = words[:k] + words[k + 1:]
    elif roll < 0.35:
        words = words + ["indeed", "also"][: rng.randrange(1, 3)]
    elif roll < 0.45 and words:
        words = words[: max(1, len(words) // 2)]
    elif roll < 0.5:
        rng.shuffle(words)
    elif roll < 0.55:
        return rng.choice(FOLDS)(text or "")
    return " ".join(words)


def mutate_claim(rng, body, c, actors):
    out = dict(c)
    roll = rng.random()
    names = [a.get("name") for a in actors] + [al for a in actors for al in a.get("aliases") or []]
    if roll < 0.15 and names:
        out["speaker"] = rng.choice(names)
    elif roll < 0.2:
        out["speaker"] = None
    elif roll < 0.25 and c.get("speaker"):
        out["speaker"] = {"name": rng.choice(FOLDS)(c["speaker"])}
    elif roll < 0.3 and c.get("speaker"):
        out["speaker"] = rng.choice(FOLDS)(c["speaker"])
    out["text"] = mutate_text(rng, c.get("text"))
    if rng.random() < 0.1:
        out["direct"] = rng.choice([True, False, None, 0, 1, "yes", ""])
    out.update(span(rng, body, out["text"]))
    if rng.random() < 0.05:
        del out["text"]
    return out


def mutate_tariff(rng, body, t):
    out = dict(t)
    v = t.get("value")
    roll = rng.random()
    if isinstance(v, (int, float)):
        if roll < 0.1:
            out["value"] = v * 1.009
        elif roll < 0.2:
            out["value"] = v * 1.011
        elif roll < 0.25:
            out["value"] = str(v)
        elif roll < 0.3:
            out["value"] = float(v)
        elif roll < 0.33:
            out["value"] = None
    if rng.random() < 0.1:
        out["unit"] = (t.get("unit") or "").upper()
    if rng.random() < 0.05:
        out["kind"] = "covered_value" if t.get("kind") == "rate" else "rate"
    for k in ("imposer", "target", "change", "comparator"):
        if rng.random() < 0.15:
            out[k] = rng.choice(["US", "CN", "JP", "EU", "*", None, "current", "eq", "gt"])
    out.update(span(rng, body, t.get("text")))
    return out


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    gold_dir, out_dir, seed = argv[1], argv[2], int(argv[3])
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    for f in sorted(os.listdir(gold_dir)):
        if not f.endswith(".json") or not os.path.exists(os.path.join(gold_dir, f[:-5] + ".txt")):
            continue
        if rng.random() < 0.05:
            continue  # missing system output
        with open(os.path.join(gold_dir, f), encoding="utf-8") as fh:
            gold = json.load(fh)
        body = read_body(os.path.join(gold_dir, f[:-5] + ".txt"))
        ga = gold.get("actors") or []
        actors = [mutate_actor(rng, body, a) for a in ga if rng.random() > 0.15]
        rng.shuffle(actors)
        claims = [mutate_claim(rng, body, c, ga) for c in gold.get("claims") or []
                  if rng.random() > 0.15]
        tariffs = [mutate_tariff(rng, body, t) for t in gold.get("tariffs") or []
                   if rng.random() > 0.15]
        if claims and rng.random() < 0.3:
            claims.append(dict(rng.choice(claims)))  # a duplicate: one-to-one matching
        if tariffs and rng.random() < 0.3:
            tariffs.append(dict(rng.choice(tariffs)))
        ann = {"actors": actors, "claims": claims, "tariffs": tariffs}
        doc = {"id": 1, "annotations": ann} if rng.random() < 0.3 else ann
        with open(os.path.join(out_dir, f), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=rng.random() < 0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
