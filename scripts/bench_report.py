"""The Markdown that `make bench` writes into docs/performance.md: figures, then targets with ratios."""

from __future__ import annotations

from typing import Any

from bench import (
    API_VS_VALUES_RPS,
    DAILY_SCAN_SECONDS,
    FULL_VS_SMALL_P95,
    LEDGER_EXTRA_MB,
    LIST_VS_ADMIN_MEDIAN,
    MAX_API_QUERIES,
    MAX_PAGE_QUERIES,
    MEMORY_EARLY,
    MEMORY_LATE,
    WORKER_MEMORY_GROWTH,
)

HEADER = (
    "| Request | Queries 1% / full | Median 1% | p95 1% | Median full | p95 full | Req/s full | Errors "
    "| p95 full ÷ 1% |"
)


def _rows(results: dict[str, Any], label: str) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in results.get(label, {}).get("rows", [])}


def _fmt(value: Any, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def render(results: dict[str, Any]) -> str:
    small, full = _rows(results, "small"), _rows(results, "full")
    names = list(full or small)
    out = [
        f"Measured {results['date']} on {results['machine']}.",
        (
            f"Command: `{results['command']}` (gunicorn, 2 sync workers, requests from 2 concurrent sessions "
            "on the same machine)."
        ),
        "",
    ]
    for label in ("small", "full"):
        if label in results:
            marks = results[label]["landmarks"]
            seeded = results[label].get("seed_seconds")
            out.append(
                f"- **{label}** (`{results[label]['db']}`): {marks['students']:,} students, "
                f"{marks['assessments']:,} monthly assessments, {marks['payments']:,} allowance payments; "
                f"largest base {marks['base_placements']:,} placements; busiest month {marks['busiest_month']} "
                f"({marks['busiest_month_payments']:,} payments); the mentor's month has "
                f"{marks['mentor_month_rows']} assessments open to the mentor"
                + (f"; seeded in {seeded} s" if seeded else "")
                + "."
            )
    out += [
        "",
        HEADER,
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in names:
        s, f = small.get(name, {}), full.get(name, {})
        posted = f.get("rows_posted") or s.get("rows_posted")
        label = f"{name} ({posted} assessments saved each)" if posted else name
        ratio = round(f["p95_ms"] / s["p95_ms"], 2) if s.get("p95_ms") and f.get("p95_ms") else None
        errors = (s.get("errors") or 0) + (f.get("errors") or 0)
        out.append(
            f"| {label} | {_fmt(s.get('queries'))} / {_fmt(f.get('queries'))} | {_fmt(s.get('median_ms'), ' ms')} "
            f"| {_fmt(s.get('p95_ms'), ' ms')} | {_fmt(f.get('median_ms'), ' ms')} | {_fmt(f.get('p95_ms'), ' ms')} "
            f"| {_fmt(f.get('rps'))} | {errors} | {_fmt(ratio)} |"
        )
    out += ["", "### Targets", "", "| Target | Measured | Holds |", "|---|---|---|"]
    out += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in targets(results, small, full)]
    return "\n".join(out)


def targets(
    results: dict[str, Any], small: dict[str, dict[str, Any]], full: dict[str, dict[str, Any]]
) -> list[tuple[str, str, bool]]:
    rows = full or small
    checks: list[tuple[str, str, bool]] = []
    admin, listing = rows.get("Baseline: admin student changelist"), rows.get("Student list, filtered")
    if admin and listing:
        ratio = listing["median_ms"] / admin["median_ms"]
        checks.append(
            (
                f"Student list median ≤ {LIST_VS_ADMIN_MEDIAN}× the admin changelist's",
                f"{listing['median_ms']} ms ÷ {admin['median_ms']} ms = {ratio:.2f}",
                ratio <= LIST_VS_ADMIN_MEDIAN,
            )
        )
    values, api = rows.get("Baseline: 100 students via .values()"), rows.get("API students, 100 rows")
    if values and api:
        ratio = api["rps"] / values["rps"]
        checks.append(
            (
                f"API students throughput ≥ {API_VS_VALUES_RPS}× the .values() floor",
                f"{api['rps']} ÷ {values['rps']} req/s = {ratio:.2f}",
                ratio >= API_VS_VALUES_RPS,
            )
        )
    if small and full:
        worst = max(
            (
                (name, full[name]["p95_ms"] / small[name]["p95_ms"])
                for name in full
                if name in small and small[name]["p95_ms"]
            ),
            key=lambda item: item[1],
        )
        checks.append(
            (
                f"Every p95 on the full dataset ≤ {FULL_VS_SMALL_P95}× its p95 on 1%",
                f"worst: {worst[0]}, {worst[1]:.2f}",
                worst[1] <= FULL_VS_SMALL_P95,
            )
        )
        moved = [n for n in full if n in small and full[n].get("queries") != small[n].get("queries")]
        checks.append(
            (
                "Query counts do not grow with the data",
                "same on both datasets" if not moved else "differ: " + ", ".join(moved),
                not moved,
            )
        )
    pages = [r for r in rows.values() if r["kind"] in ("page", "export", "pdf") and r.get("queries") is not None]
    apis = [r for r in rows.values() if r["kind"] == "api" and r.get("queries") is not None]
    if pages:
        worst_page = max(pages, key=lambda r: r["queries"])
        checks.append(
            (
                f"Pages issue at most {MAX_PAGE_QUERIES} queries",
                f"most: {worst_page['name']}, {worst_page['queries']}",
                worst_page["queries"] <= MAX_PAGE_QUERIES,
            )
        )
    if apis:
        worst_api = max(apis, key=lambda r: r["queries"])
        checks.append(
            (
                f"API lists issue at most {MAX_API_QUERIES} queries",
                f"most: {worst_api['name']}, {worst_api['queries']}",
                worst_api["queries"] <= MAX_API_QUERIES,
            )
        )
    for label in ("full", "small"):
        if label in results and "scan" in results[label]:
            scan = results[label]["scan"]
            other = results.get("small" if label == "full" else "full", {}).get("scan")
            same = other is None or other["queries"] == scan["queries"]
            checks.append(
                (
                    f"Daily reminder scan on the {label} dataset under {DAILY_SCAN_SECONDS} s, queries flat",
                    f"{scan['seconds']} s, {scan['queries']} queries"
                    + ("" if other is None else f" ({other['queries']} on the other dataset)"),
                    scan["seconds"] < DAILY_SCAN_SECONDS and same,
                )
            )
            break
    for label in ("full", "small"):
        ledger = results.get(label, {}).get("ledger")
        if ledger:
            checks.append(
                (
                    f"Ledger export of the largest month adds < {LEDGER_EXTRA_MB} MB to peak memory",
                    (
                        f"{ledger['rows']:,} rows, +{ledger['extra_peak_mb']} MB, {ledger['seconds']} s, "
                        f"{ledger['file_mb']} MB file ({label})"
                    ),
                    ledger["extra_peak_mb"] < LEDGER_EXTRA_MB,
                )
            )
            break
    memory = results.get("full", {}).get("memory")
    if memory:
        checks.append(
            (
                (
                    f"Worker memory after {MEMORY_LATE:,} requests within {WORKER_MEMORY_GROWTH:.0%} "
                    f"of after {MEMORY_EARLY:,}"
                ),
                (
                    f"{memory['early_mb']} MB → {memory['late_mb']} MB ({memory['requests']:,} requests), "
                    f"growth {memory['growth']:.1%}"
                ),
                memory["growth"] <= WORKER_MEMORY_GROWTH,
            )
        )
    return checks
