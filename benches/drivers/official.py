"""The official Python client (iamport-rest-client) looking a payment up on
the local bench server. Prints one JSON report line, the shape the Rust
harness prints (benches/calls/measure.rs)."""

import argparse
import json
import math
import resource
import time

from iamport import Iamport

IMP_UID = "imp_123412341234"


def percentiles(samples):
    samples = sorted(samples)
    def at(q):
        rank = min(max(math.ceil(q * len(samples)), 1), len(samples))
        return samples[rank - 1] * 1e6
    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "p999": at(0.999), "max": at(1.0)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()

    # The client takes its API URL as a constructor argument (default https://api.iamport.kr/).
    client = Iamport(imp_key="bench_imp_key", imp_secret="bench_imp_secret", imp_url=args.base_url.rstrip("/") + "/")
    for _ in range(args.warmup):
        client.find(imp_uid=IMP_UID)

    errors = 0
    latencies = []
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    for _ in range(args.calls):
        began = time.perf_counter()
        try:
            payment = client.find(imp_uid=IMP_UID)
            if payment["amount"] <= 0:
                errors += 1
        except Exception:  # counted, not hidden: the harness reports failed calls
            errors += 1
        latencies.append(time.perf_counter() - began)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)

    print(json.dumps({
        "variant": "python",
        "concurrency": 1,
        "calls": args.calls,
        "errors": errors,
        "wall_s": wall,
        "cpu_user_s": after.ru_utime - before.ru_utime,
        "cpu_sys_s": after.ru_stime - before.ru_stime,
        "latency_us": percentiles(latencies),
        "peak_rss_kb": after.ru_maxrss,
    }))


if __name__ == "__main__":
    main()
