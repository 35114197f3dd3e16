"""Check the claim-matching evaluation set and print a summary.

    python3.11 tests/matching/check_dataset.py [--neighbours]

Exits non-zero when a check fails. --neighbours also prints, for every query, the two
archive claims with the most word overlap (for reviewing labels by eye).
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
POSITIVE = ["verbatim", "reworded", "number_format", "embedded", "attributed", "paraphrase"]
NEGATIVE = [
    "negative_number",
    "negative_year",
    "negative_place",
    "negative_person",
    "negative_direction",
    "unrelated",
]
SCALE = {1: "False", 2: "Mostly false", 3: "Half true", 4: "Mostly true", 5: "True"}
OFF_SCALE = {"Misleading", "Unverifiable", "Not a factual claim"}
DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")
# a full stop followed by a capital, except after an abbreviation such as "St." or "U.S."
SENTENCE_BREAK = re.compile(r"(?<!\bSt)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\.S)(?<!\bNo)\. [A-Z0-9]")

errors: list[str] = []


def fail(msg: str) -> None:
    errors.append(msg)


def norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def load_archive() -> dict[str, dict]:
    feed = json.loads((HERE / "archive.jsonld").read_text(encoding="utf-8"))
    if feed.get("@context") != "https://schema.org" or feed.get("@type") != "DataFeed":
        fail("archive: not a schema.org DataFeed")
    reviews: dict[str, dict] = {}
    for element in feed.get("dataFeedElement", []):
        if element.get("@type") != "DataFeedItem":
            fail("archive: dataFeedElement entry is not a DataFeedItem")
        for r in element.get("item", []):
            url = r.get("url", "")
            where = f"archive {url or '?'}"
            if r.get("@type") != "ClaimReview":
                fail(f"{where}: not a ClaimReview")
            if not url.startswith("https://") or url in reviews:
                fail(f"{where}: missing, non-https or duplicate url")
            reviews[url] = r
            claim = r.get("claimReviewed", "")
            if not claim or SENTENCE_BREAK.search(claim) or not claim.endswith("."):
                fail(f"{where}: claimReviewed must be one sentence ending in '.'")
            author = r.get("author", {})
            if author.get("@type") != "Organization" or not author.get("name"):
                fail(f"{where}: author must be an Organization with a name")
            if not url.startswith(author.get("url", "-") + "/"):
                fail(f"{where}: review url is not on its publisher's domain")
            if r.get("inLanguage") != "en":
                fail(f"{where}: inLanguage must be en")
            m = DATE.match(r.get("datePublished", ""))
            if not m or not 2019 <= int(m.group(1)) <= 2026:
                fail(f"{where}: datePublished outside 2019-2026")
            item = r.get("itemReviewed", {})
            if item.get("@type") != "Claim":
                fail(f"{where}: itemReviewed must be a Claim")
            if item.get("author", {}).get("@type") not in ("Person", "Organization"):
                fail(f"{where}: claim author must be a Person or Organization")
            if not item.get("author", {}).get("name"):
                fail(f"{where}: claim author has no name")
            if not DATE.match(item.get("datePublished", "")) or item.get(
                "datePublished", ""
            ) > r.get("datePublished", ""):
                fail(f"{where}: claim date missing or after the review date")
            apps = item.get("appearance", [])
            if not apps or not all(
                a.get("@type") == "CreativeWork" and a.get("url") and a.get("headline")
                for a in apps
            ):
                fail(f"{where}: appearance needs CreativeWork url and headline")
            rating = r.get("reviewRating", {})
            if rating.get("@type") != "Rating":
                fail(f"{where}: reviewRating must be a Rating")
            if "ratingValue" in rating:
                value = rating["ratingValue"]
                if (
                    SCALE.get(value) != rating.get("alternateName")
                    or rating.get("bestRating") != 5
                    or rating.get("worstRating") != 1
                ):
                    fail(f"{where}: rating value/name/scale mismatch")
            elif rating.get("alternateName") not in OFF_SCALE:
                fail(f"{where}: off-scale rating needs a known alternateName")
    claims = Counter(norm(r["claimReviewed"]) for r in reviews.values())
    for claim, n in claims.items():
        if n > 1:
            fail(f"archive: claim appears {n} times: {claim}")
    return reviews


def load_clusters(reviews: dict[str, dict]) -> list[dict]:
    clusters = json.loads((HERE / "clusters.json").read_text(encoding="utf-8"))["clusters"]
    seen: set[str] = set()
    for c in clusters:
        if not 2 <= len(c["members"]) <= 4:
            fail(f"cluster {c['id']}: needs 2-4 members")
        for url in c["members"]:
            if url not in reviews:
                fail(f"cluster {c['id']}: unknown url {url}")
            if url in seen:
                fail(f"cluster {c['id']}: {url} is in two clusters")
            seen.add(url)
    if len(clusters) < 15:
        fail(f"only {len(clusters)} clusters (need 15)")
    return clusters


def load_queries(reviews: dict[str, dict]) -> list[dict]:
    queries = []
    text = (HERE / "queries_dev.jsonl").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            queries.append(json.loads(line))
        except json.JSONDecodeError as exc:
            fail(f"queries_dev.jsonl line {n}: {exc}")
    ids = Counter(q.get("id") for q in queries)
    for qid, n in ids.items():
        if n > 1:
            fail(f"query id {qid} used {n} times")
    by_claim = {norm(r["claimReviewed"]): url for url, r in reviews.items()}
    for q in queries:
        qid, cat, exp, note = q.get("id"), q.get("category"), q.get("expected"), q.get("note", "")
        if set(q) != {"id", "split", "text", "expected", "category", "note"}:
            fail(f"{qid}: unexpected keys {sorted(q)}")
        if q.get("split") != "dev" or not re.fullmatch(r"dev-\d{3}", qid or ""):
            fail(f"{qid}: bad id or split")
        if not q.get("text", "").strip() or not note.strip():
            fail(f"{qid}: empty text or note")
        if cat in POSITIVE:
            if exp not in reviews:
                fail(f"{qid}: expected url not in archive: {exp}")
        elif cat in NEGATIVE:
            if exp is not None:
                fail(f"{qid}: a {cat} query must have expected null")
            if cat != "unrelated":
                m = re.match(r"from: (\S+?);? ", note + " ")
                if not m or m.group(1) not in reviews:
                    fail(f"{qid}: note must start 'from: <archive url>'")
                elif norm(q["text"]) == norm(reviews[m.group(1)]["claimReviewed"]):
                    fail(f"{qid}: negative is identical to its source entry")
        else:
            fail(f"{qid}: unknown category {cat}")
        same = by_claim.get(norm(q.get("text", "")))
        if same and same != exp:
            fail(f"{qid}: text is exactly archive claim {same} but expected is {exp}")
    counts = Counter(q.get("category") for q in queries)
    for cat in POSITIVE + NEGATIVE:
        if counts[cat] < 10:
            fail(f"category {cat}: only {counts[cat]} queries (need 10)")
    return queries


def neighbours(queries: list[dict], reviews: dict[str, dict]) -> None:
    claims = [(url, r["claimReviewed"], words(r["claimReviewed"])) for url, r in reviews.items()]
    for q in queries:
        qw = words(q["text"])
        ranked = sorted(claims, key=lambda c: -len(qw & c[2]) / len(qw | c[2]))[:2]
        mark = "  " if q["expected"] in (None, ranked[0][0]) else "!!"
        print(f"{mark}{q['id']} [{q['category']}] {q['text']}")
        for url, claim, cw in ranked:
            tag = "=" if url == q["expected"] else " "
            print(f"     {tag} {len(qw & cw) / len(qw | cw):.2f} {claim}")


def main() -> int:
    reviews = load_archive()
    clusters = load_clusters(reviews)
    queries = load_queries(reviews)
    if "--neighbours" in sys.argv:
        neighbours(queries, reviews)

    publishers = Counter(r["author"]["name"] for r in reviews.values())
    topics = Counter(r.get("keywords", "?") for r in reviews.values())
    off_scale = sum("ratingValue" not in r["reviewRating"] for r in reviews.values())
    in_cluster = {u for c in clusters for u in c["members"]}
    counts = Counter(q["category"] for q in queries)
    pos = [q for q in queries if q["category"] in POSITIVE]
    print(
        f"archive: {len(reviews)} ClaimReviews, {len(publishers)} publishers, "
        f"{off_scale} off-scale ratings"
    )
    print("  publishers: " + ", ".join(f"{k} {v}" for k, v in sorted(publishers.items())))
    print("  topics: " + ", ".join(f"{k} {v}" for k, v in sorted(topics.items())))
    sizes = Counter(len(c["members"]) for c in clusters)
    print(
        f"clusters: {len(clusters)} ({len(in_cluster)} entries; sizes "
        + ", ".join(f"{k}x{v}" for k, v in sorted(sizes.items()))
        + ")"
    )
    print(f"queries: {len(queries)} ({len(pos)} positive, {len(queries) - len(pos)} negative)")
    for cat in POSITIVE + NEGATIVE:
        print(f"  {cat:<20} {counts[cat]}")
    targeted = sum(q["expected"] in in_cluster for q in pos)
    print(f"  positives aimed at a cluster member: {targeted}")
    print(f"  archive entries that are some positive's target: {len({q['expected'] for q in pos})}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
