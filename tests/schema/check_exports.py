#!/usr/bin/env python3
"""tests/schema/check_exports.py -- concord's OSCAL and SSSOM exports
checked against the published schemas kept beside this file.

    python3 tests/schema/check_exports.py CONCORD

OSCAL: every document validates against the OSCAL 1.2 mapping JSON
schema (oscal_mapping_schema.json, see README.md), and its control ids
are OSCAL tokens.  SSSOM: every set has the slots the SSSOM LinkML schema
(sssom_schema.yaml) requires of a mapping set and of a mapping, uses only
slots the schema defines (or extension slots it declares), and writes
mapping_justification as the schema's pattern allows.  Prints one line a
failure and a closing count; exit status 0 when every check passed.
"""
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
QUERIES = [
    # a plain correlation, with none rows among them
    "correlate 20000-1:8.* with 27001",
    # rows composed through a pivot: each keeps its route
    "correlate 9001:8.5.6 with 27001 via 20000-1",
    # several pairs of standards, and an edition
    "correlate 20000-1:8.5.* with 9001, 27001@2022",
    # a gap, and a gap both ways
    "gap 20000-1 against 27001",
    "gap between 20000-1:8.2.* and 9001",
    # coverage, overall and chapter by chapter
    "coverage of 27001 by 20000-1",
]
SSSOM_QUERIES = QUERIES[:3]

failures = 0
checks = 0


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL: " + what)


def run(concord, fmt, query, extra=()):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C")
    p = subprocess.run([concord, "-f", fmt, *extra, "-c", query],
                       capture_output=True, env=env, check=False)
    check(p.returncode == 0,
          "%s -f %s -c '%s' exits %d: %s" % (concord, fmt, query,
                                             p.returncode,
                                             p.stderr.decode()[:300]))
    return p.stdout.decode("utf-8")


def python_regex(schema):
    """The schema with its \\p{L} and \\p{N} classes written as Python's re
    reads them (Python's \\w is Unicode-aware): [^\\W\\d_] is a letter, \\d
    a digit.  Nothing else in the schema needs translating."""
    text = json.dumps(schema)
    text = text.replace("\\\\p{L}", "[^\\\\W\\\\d_]")
    text = text.replace("\\\\p{N}", "\\\\d")
    return json.loads(text)


def oscal_checks(concord):
    with open(os.path.join(HERE, "oscal_mapping_schema.json")) as f:
        schema = python_regex(json.load(f))
    validator = jsonschema.Draft7Validator(schema)
    token = re.compile(schema["definitions"]["TokenDatatype"]["pattern"])
    for q in QUERIES:
        for ns in ((), ("--namespace", "https://example.org/ns/concord/")):
            doc = json.loads(run(concord, "oscal", q, ns))
            errors = sorted(validator.iter_errors(doc), key=str)
            check(not errors, "oscal '%s' %s: %s" % (
                q, " ".join(ns), "; ".join(
                    "%s at %s" % (e.message[:160], "/".join(
                        str(p) for p in e.absolute_path))
                    for e in errors[:3])))
            mc = doc["mapping-collection"]
            check(mc["metadata"]["last-modified"] == "2026-01-01T00:00:00Z",
                  "oscal '%s': last-modified %s, not SOURCE_DATE_EPOCH" %
                  (q, mc["metadata"]["last-modified"]))
            for m in mc["mappings"]:
                for mp in m["maps"]:
                    props = {p["name"]: p["value"]
                             for p in mp.get("props", [])}
                    check(("route" in props) ==
                          props.get("routes", "").isdigit(),
                          "oscal '%s': a composed map says how many routes "
                          "reach its pair (props %s)" % (q, props))
                    for item in mp["sources"] + mp["targets"]:
                        check(token.match(item["id-ref"]) is not None,
                              "oscal '%s': id-ref %r is not a token" %
                              (q, item["id-ref"]))
            for r in mc["back-matter"]["resources"]:
                std = [p["value"] for p in r["props"]
                       if p["name"] == "standard"][0]
                check(r["title"] != std and "description" in r,
                      "oscal '%s': resource %s says not what it is" %
                      (q, std))


def sssom_checks(concord):
    with open(os.path.join(HERE, "sssom_schema.yaml")) as f:
        schema = yaml.safe_load(f)
    slots = schema["slots"]
    classes = schema["classes"]

    def required(cls):
        c = classes[cls]
        usage = c.get("slot_usage") or {}
        return {s for s in c["slots"]
                if (slots.get(s) or {}).get("required") or
                (usage.get(s) or {}).get("required")}

    set_required, map_required = required("mapping set"), required("mapping")
    check(set_required >= {"mapping_set_id", "license"} and
          map_required >= {"predicate_id", "mapping_justification"},
          "the schema's required slots are not what this test expects: "
          "%s, %s" % (sorted(set_required), sorted(map_required)))
    justification = re.compile(slots["mapping_justification"]["pattern"])
    for q in SSSOM_QUERIES:
        text = run(concord, "sssom", q)
        meta = "\n".join(line[1:] for line in text.splitlines()
                         if line.startswith("#"))
        body = [line for line in text.splitlines()
                if not line.startswith("#")]
        m = yaml.safe_load(meta)
        for s in set_required:
            check(m.get(s), "sssom '%s': no %s" % (q, s))
        for k in m:
            check(k in classes["mapping set"]["slots"],
                  "sssom '%s': %s is not a mapping set slot" % (q, k))
        check(m.get("mapping_tool") == "concord" and
              m.get("mapping_tool_version"),
              "sssom '%s': mapping_tool and its version apart" % q)
        check(str(m.get("mapping_date")) == "2026-01-01",
              "sssom '%s': mapping_date %s" % (q, m.get("mapping_date")))
        ext = {e["slot_name"] for e in m.get("extension_definitions", [])}
        header = body[0].split("\t")
        for col in header:
            check(col in classes["mapping"]["slots"] or col in ext,
                  "sssom '%s': column %s is neither a mapping slot nor "
                  "declared" % (q, col))
        for s in map_required:
            check(s in header, "sssom '%s': no column %s" % (q, s))
        prefixes = set(m.get("curie_map", {})) | {"skos", "semapv", "sssom"}
        for line in body[1:]:
            row = dict(zip(header, line.split("\t")))
            for s in map_required:
                check(row.get(s), "sssom '%s': empty %s" % (q, s))
            check(justification.match(row["mapping_justification"]),
                  "sssom '%s': mapping_justification %s" %
                  (q, row["mapping_justification"]))
            for s in ("subject_id", "predicate_id", "object_id"):
                check(row[s].split(":")[0] in prefixes,
                      "sssom '%s': %s %s has no declared prefix" %
                      (q, s, row[s]))
            chained = bool(row.get("concord_route"))
            check(chained == (row["mapping_justification"] ==
                              "semapv:MappingChaining"),
                  "sssom '%s': a composed row is MappingChaining" % q)
            # a composed row says how many routes reach its pair
            routes = row.get("concord_routes", "")
            check(chained == routes.isdigit() and
                  (not chained or int(routes) >= 1),
                  "sssom '%s': concord_routes %r on a %s row" %
                  (q, routes, "composed" if chained else "direct"))


def main():
    if len(sys.argv) != 2:
        print("usage: check_exports.py CONCORD", file=sys.stderr)
        return 2
    concord = os.path.abspath(sys.argv[1])
    oscal_checks(concord)
    sssom_checks(concord)
    print("schema: %d passed, %d failed" % (checks - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
