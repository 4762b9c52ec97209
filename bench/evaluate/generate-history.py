#!/usr/bin/env python3
"""Writes one patient's long history as NDJSON for the `evaluate` benchmark (docs/performance.md).

usage: generate-history.py LINES OUT.ndjson [--serotonergic]

One event every 30 minutes from 2014-01-01 (evaluate it with --as-of 2015-06-01, as docs/performance.md does).

Every third of four lines is a dispense with its own dispenseId (a new item); the fourth a supplement report.
Default mix: 50 supplement statements re-reported over and over (replacements by key) and a common mix of
medications. --serotonergic: every dispense is serotonergic and every report a new statement (the most items and
the largest serotonergic load for the engine). Deterministic (fixed seed).
"""
import argparse
import datetime
import random
import sys
import uuid


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of lines")
    return value


parser = argparse.ArgumentParser(
    prog="generate-history.py",
    description=__doc__.split("\n\n", 2)[2],
    formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("lines", metavar="LINES", type=positive_int, help="how many events (lines) to write")
parser.add_argument("out", metavar="OUT.ndjson", help="the file to write (replaced if it exists)")
parser.add_argument("--serotonergic", action="store_true",
                    help="every dispense serotonergic, every report a new statement (the heaviest mix)")
arguments = parser.parse_args()
lines, out = arguments.lines, arguments.out
serotonergic = arguments.serotonergic
random.seed(7)
if serotonergic:
    meds = ["Zoloft 50 mg tablet", "Ultram 50 mg", "Prozac 20 mg", "Nardil 15 mg tablet", "Delsym cough syrup", "Lexapro 10 mg"]
else:
    meds = ["Zoloft 50 mg tablet", "Lisinopril 10 mg", "Metformin 500 mg", "Omeprazole 20 mg", "Levothyroxine 50 mcg",
            "Atorvastatin 20 mg", "Ultram 50 mg", "Nardil 15 mg tablet"]
supplements = ["St. John's Wort 300 mg capsule", "Magnesium citrate 250 mg", "Fish oil 1000 mg", "Kratom powder", "Grandma's sleepy tea"]
# half-hourly from 2014 (evaluate refuses event times in the future, so the history must end before today: 200,000
# lines end in May 2025)
start = datetime.datetime(2014, 1, 1, tzinfo=datetime.timezone.utc)
last = start + datetime.timedelta(minutes=30 * (lines - 1))
if last > datetime.datetime.now(datetime.timezone.utc):
    sys.exit(f"generate-history.py: {lines} lines would run to {last:%Y-%m-%d}, past today; at most "
             f"{int((datetime.datetime.now(datetime.timezone.utc) - start).total_seconds() // 1800) + 1} lines")
with open(out, "w", encoding="utf-8") as f:
    for i in range(lines):
        at = (start + datetime.timedelta(minutes=30 * i)).isoformat().replace("+00:00", "Z")
        event_id = str(uuid.UUID(int=random.getrandbits(128), version=4))
        if i % 4 == 3:
            statement = i if serotonergic else i % 50
            f.write('{"type":"supplement-reported","eventId":"%s","patientId":"PT-bench","statementId":"S-%d","reportedAt":"%s","supplement":{"text":"%s"}}\n'
                    % (event_id, statement, at, supplements[i % len(supplements)]))
        else:
            f.write('{"type":"medication-dispensed","eventId":"%s","patientId":"PT-bench","dispensedAt":"%s","medication":{"text":"%s"},"daysSupply":30}\n'
                    % (event_id, at, meds[i % len(meds)]))
