"""Pipe the NTREX document pairs through `qarin align --jsonl` with Spark's RDD.pipe()
over 2 partitions (PySpark in local mode) and check the results equal one qarin
process's over the same records, record for record and in order.

    python3 tests/spark/pipe_ntrex.py QARIN_BINARY NTREX_DOCS_FOLDER [PARTITIONS]

Exits 0 when they are equal, 1 when not (printing the first difference). Run by
tests/corpus.rs (`spark_pipe_equals_one_process`); docs/corpus.md shows the same job on
a cluster.
"""

import json
import os
import subprocess
import sys


def records(docs):
    names = sorted(os.listdir(os.path.join(docs, "ar")))
    out = []
    for name in names:
        with open(os.path.join(docs, "ar", name), encoding="utf-8") as f:
            source = f.read()
        with open(os.path.join(docs, "en", name), encoding="utf-8") as f:
            target = f.read()
        # json.dumps escapes line breaks: one record is one line.
        out.append(json.dumps({"id": name, "source": source, "target": target}, ensure_ascii=False))
    return out


def main():
    qarin, docs = sys.argv[1], sys.argv[2]
    partitions = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    lines = records(docs)
    command = [qarin, "align", "--jsonl", "--segmented", "-j", "1"]
    single = subprocess.run(
        command, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True
    ).stdout.splitlines()

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{partitions}]")
        .appName("qarin-pipe-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    try:
        rdd = spark.sparkContext.parallelize(lines, partitions)
        # checkCode: a qarin process that exits non-zero fails the job.
        piped = rdd.pipe(" ".join(command), checkCode=True).collect()
        used = rdd.getNumPartitions()
    finally:
        spark.stop()

    print(f"{len(lines)} records, {used} partitions: {len(piped)} results piped, {len(single)} from one process")
    if len(piped) != len(single):
        print("different number of results")
        return 1
    for k, (a, b) in enumerate(zip(piped, single)):
        if json.loads(a) != json.loads(b):
            print(f"record {k} differs: {a[:200]} … vs {b[:200]} …")
            return 1
    errors = [json.loads(l)["error"] for l in single if "error" in json.loads(l)]
    if errors:
        print(f"error records: {errors[:3]}")
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
