#!/usr/bin/env python3
"""Checks a `tenure export popolo` document against Popolo and against the dataset.

Usage: check_export.py EXPORT.json DATA_DIR [--schemas DIR]

1. Schemas: every object of the document is validated against its Popolo JSON Schema
   (draft-03) with jsonschema's Draft3Validator and its format checker. The schemas'
   absolute $refs (http://www.popoloproject.com/schemas/*.json#) resolve to the local
   copies in tests/fixtures/popolo/schemas/ through a `referencing` registry that holds
   only those files: nothing is fetched.
2. Reader: the document is read with EveryPolitician's reader (PyPI everypolitician-popolo,
   module popolo_data) and what it returns is compared with the tenure dataset in
   DATA_DIR, read here from its raw JSON files (dataset.json, people.json,
   offices/*.json; see data/README.md), not through tenure: the numbers of persons,
   organizations, areas, posts and memberships, and for every membership its person's
   name, its dates (the reader's ApproxDate: its source text and the range of days it
   stands for), organization, post, role, party and area.

Exits 0 when all holds, 1 with every failure listed otherwise (2 for bad usage).
"""

import argparse
import calendar
import collections
import datetime
import json
import pathlib
import re
import sys

import importlib.metadata

import referencing
import referencing.jsonschema
from jsonschema import Draft3Validator
from popolo_data.importer import Popolo

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_SCHEMAS = HERE.parent / "fixtures" / "popolo" / "schemas"
SCHEMA_BASE = "http://www.popoloproject.com/schemas/"

# The document's collections and their schemas; the first five are those tenure writes.
COLLECTIONS = {
    "persons": "person.json",
    "organizations": "organization.json",
    "areas": "area.json",
    "posts": "post.json",
    "memberships": "membership.json",
}
# Formats the Popolo schemas use; each must really be checked, not silently passed.
FORMATS = ("uri", "date-time", "email")
# How tenure marks an acting holder's role (data/README.md, src/popolo/model.rs).
ACTING = "Acting "

MAX_LISTED = 50


class Failures:
    def __init__(self):
        self.items = []

    def add(self, message):
        self.items.append(message)

    def check(self, ok, message):
        if not ok:
            self.add(message)
        return ok

    def report_and_exit_if_any(self, stage):
        if not self.items:
            return
        for message in self.items[:MAX_LISTED]:
            print(f"FAIL: {message}", file=sys.stderr)
        if len(self.items) > MAX_LISTED:
            print(f"FAIL: ... and {len(self.items) - MAX_LISTED} more", file=sys.stderr)
        print(f"check_export: {len(self.items)} failures in {stage}", file=sys.stderr)
        sys.exit(1)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def short(obj, limit=600):
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + "..."


# --- 1. schemas --------------------------------------------------------------------


def schema_registry(schemas_dir):
    """A registry of the local Popolo schemas under their own ids, and nothing else."""
    resources = []
    for path in sorted(schemas_dir.glob("*.json")):
        contents = load_json(path)
        if contents.get("$schema") != "http://json-schema.org/draft-03/schema#":
            sys.exit(f"check_export: {path} is not a draft-03 schema")
        Draft3Validator.check_schema(contents)
        uri = contents.get("id", "")
        expected = SCHEMA_BASE + path.name + "#"
        if uri != expected:
            sys.exit(f"check_export: {path} has id {uri!r}, expected {expected!r}")
        resource = referencing.Resource.from_contents(
            contents, default_specification=referencing.jsonschema.DRAFT3
        )
        resources.append((uri.rstrip("#"), resource))
    if not resources:
        sys.exit(f"check_export: no schemas in {schemas_dir}")
    # No `retrieve`: a $ref outside these files is an error, never a download.
    return referencing.Registry().with_resources(resources)


def validate_schemas(document, registry, failures):
    checker = Draft3Validator.FORMAT_CHECKER
    missing = [f for f in FORMATS if f not in checker.checkers]
    if missing:
        sys.exit(
            f"check_export: jsonschema cannot check the formats {missing}: "
            "install tests/popolo/requirements.txt"
        )
    if not isinstance(document, dict):
        failures.add(f"the document is a {type(document).__name__}, not an object")
        return {}
    for key in document:
        failures.check(
            key in COLLECTIONS,
            f"top-level member {key!r}: tenure writes only {sorted(COLLECTIONS)}, "
            "and there is no schema here to validate it against",
        )
    counts = {}
    for key, schema_file in COLLECTIONS.items():
        objects = document.get(key)
        if not failures.check(
            isinstance(objects, list), f"top-level {key!r} is missing or not an array"
        ):
            continue
        schema = registry.contents(SCHEMA_BASE + schema_file)
        validator = Draft3Validator(schema, registry=registry, format_checker=checker)
        valid = 0
        for i, obj in enumerate(objects):
            errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.path))
            for error in errors:
                where = "/".join(str(p) for p in error.path) or "(the object)"
                failures.add(
                    f"{key}[{i}] (id {obj.get('id') if isinstance(obj, dict) else None!r}) "
                    f"is not a valid Popolo {schema_file}: at {where}: {error.message}\n"
                    f"      object: {short(obj)}"
                )
            if not errors:
                valid += 1
        counts[key] = (valid, len(objects))
        print(f"schema  {key:<13} {valid:>5}/{len(objects):<5} valid against {schema_file}")
    return counts


# --- 2. the dataset, read from its raw files -----------------------------------------


DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_range(text):
    """The first and last day a tenure partial date (YYYY, YYYY-MM, YYYY-MM-DD) covers."""
    m = DATE.match(text)
    if not m:
        raise ValueError(f"{text!r} is no tenure partial date")
    year, month, day = m.group(1), m.group(2), m.group(3)
    year = int(year)
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = int(month)
    if day is None:
        return (
            datetime.date(year, month, 1),
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
        )
    d = datetime.date(year, month, int(day))
    return d, d


def read_dataset(data_dir):
    dataset = load_json(data_dir / "dataset.json")
    people = load_json(data_dir / "people.json")["people"]
    office_files = sorted((data_dir / "offices").glob("*.json"))
    offices = [load_json(p) for p in office_files]
    return {
        "dataset": dataset,
        "people": {p["slug"]: p for p in people},
        "people_count": len(people),
        "organizations": {o["slug"]: o for o in dataset["organizations"]},
        "organization_count": len(dataset["organizations"]),
        "parties": {p["slug"]: p for p in dataset.get("parties", [])},
        "party_count": len(dataset.get("parties", [])),
        "countries": {c["code"]: c for c in dataset["countries"]},
        "country_count": len(dataset["countries"]),
        "areas": {a["slug"]: a for a in dataset.get("areas", [])},
        "area_count": len(dataset.get("areas", [])),
        "offices": {o["slug"]: o for o in offices},
        "office_count": len(offices),
        "terms": {
            (o["slug"], t["ordinal"]): (o, t) for o in offices for t in o["terms"]
        },
        "term_count": sum(len(o["terms"]) for o in offices),
    }


# --- 3. the reader ---------------------------------------------------------------------


def check_date(failures, what, approx, text):
    """`approx` is what popolo_data returns; `text` the tenure date, or None if ongoing."""
    if text is None:
        failures.check(
            approx.future,
            f"{what}: the term is ongoing, but the reader gives {approx!r}, not ApproxDate.FUTURE",
        )
        return
    if not failures.check(
        not approx.future and not approx.past,
        f"{what}: the term says {text!r}, the reader gives no date ({approx!r})",
    ):
        return
    failures.check(
        str(approx) == text and approx.source_string == text,
        f"{what}: the reader's text is {str(approx)!r}, the term says {text!r}",
    )
    first, last = date_range(text)
    failures.check(
        (approx.earliest_date, approx.latest_date) == (first, last),
        f"{what}: the reader reads {str(approx)!r} as {approx.earliest_date}..{approx.latest_date}, "
        f"the term's {text!r} means {first}..{last}",
    )


def check_reader(export_path, data, failures):
    popolo = Popolo.from_filename(str(export_path))
    persons = popolo.persons
    organizations = popolo.organizations
    areas = popolo.areas
    posts = popolo.posts
    memberships = popolo.memberships

    expected = {
        "persons": data["people_count"],
        "organizations": data["organization_count"] + data["party_count"],
        "areas": data["country_count"] + data["area_count"],
        "posts": data["office_count"],
        "memberships": data["term_count"],
    }
    got = {
        "persons": len(persons),
        "organizations": len(organizations),
        "areas": len(areas),
        "posts": len(posts),
        "memberships": len(memberships),
    }
    for kind in expected:
        failures.check(
            got[kind] == expected[kind],
            f"the reader finds {got[kind]} {kind}, the dataset holds {expected[kind]}",
        )

    # Persons: one per person of people.json, with their name, nationality and identifiers.
    seen = set()
    for person in persons:
        what = f"person {person.id!r}"
        failures.check(person.id not in seen, f"{what} appears twice")
        seen.add(person.id)
        raw = data["people"].get(person.id)
        if not failures.check(raw is not None, f"{what} is no person of people.json"):
            continue
        failures.check(
            person.name == raw["name"],
            f"{what}: the reader's name is {person.name!r}, people.json says {raw['name']!r}",
        )
        country = raw.get("country")
        nationality = data["countries"][country]["name"] if country else None
        failures.check(
            person.national_identity == nationality,
            f"{what}: national_identity {person.national_identity!r}, expected {nationality!r}",
        )
        ids = [(i.get("scheme"), i.get("identifier")) for i in person.identifiers]
        raw_ids = [(i["scheme"], i["identifier"]) for i in raw.get("identifiers", [])]
        failures.check(ids == raw_ids, f"{what}: identifiers {ids}, expected {raw_ids}")
        names = [n.get("name") for n in person.other_names]
        raw_names = [n["name"] for n in raw.get("otherNames", [])]
        failures.check(names == raw_names, f"{what}: other names {names}, expected {raw_names}")
    failures.check(
        seen == set(data["people"]),
        f"persons missing from the export: {sorted(set(data['people']) - seen)}",
    )

    # Organizations and areas: the same names (an id is the exporter's choice).
    org_names = collections.Counter(o.name for o in organizations)
    raw_org_names = collections.Counter(
        [o["name"] for o in data["organizations"].values()]
        + [p["name"] for p in data["parties"].values()]
    )
    failures.check(
        org_names == raw_org_names,
        f"organization names differ: export only {sorted((org_names - raw_org_names).elements())}, "
        f"dataset only {sorted((raw_org_names - org_names).elements())}",
    )
    area_names = collections.Counter(a.name for a in areas)
    raw_area_names = collections.Counter(
        [c["name"] for c in data["countries"].values()]
        + [a["name"] for a in data["areas"].values()]
    )
    failures.check(
        area_names == raw_area_names,
        f"area names differ: export only {sorted((area_names - raw_area_names).elements())}, "
        f"dataset only {sorted((raw_area_names - area_names).elements())}",
    )
    codes = collections.Counter(
        a.identifier_value("iso_3166_1_alpha_2")
        for a in areas
        if a.identifier_value("iso_3166_1_alpha_2") is not None
    )
    failures.check(
        codes == collections.Counter(list(data["countries"])),
        f"country codes of the areas {sorted(codes)}, dataset {sorted(data['countries'])}",
    )

    # Posts: one per office, with its name and organization.
    for post in posts:
        what = f"post {post.id!r}"
        office = data["offices"].get(post.id)
        if not failures.check(office is not None, f"{what} is no office of offices/"):
            continue
        failures.check(
            post.label == office["name"],
            f"{what}: label {post.label!r}, the office's name is {office['name']!r}",
        )
        org = data["organizations"][office["organization"]]
        failures.check(
            post.organization.name == org["name"],
            f"{what}: its organization is {post.organization.name!r}, expected {org['name']!r}",
        )

    # Memberships: one per term (id "<office>/<ordinal>"), with its person, dates and links.
    matched = set()
    for index, m in enumerate(memberships):
        mid = m.data.get("id")
        what = f"memberships[{index}] (id {mid!r})"
        office_slug, _, ordinal = (mid or "").rpartition("/")
        key = (office_slug, int(ordinal)) if ordinal.isdigit() else None
        if not failures.check(
            key in data["terms"], f"{what} names no term of the dataset (<office>/<ordinal>)"
        ):
            continue
        failures.check(key not in matched, f"{what} appears twice")
        matched.add(key)
        office, term = data["terms"][key]
        holder = data["people"][term["holder"]]
        try:
            person = m.person
        except KeyError:
            failures.add(f"{what}: the reader finds no person {m.person_id!r}")
            continue
        failures.check(
            person.name == holder["name"],
            f"{what}: the reader's person is {person.name!r}, the term's holder is {holder['name']!r}",
        )
        check_date(failures, f"{what} start_date", m.start_date, term["start"])
        check_date(failures, f"{what} end_date", m.end_date, term.get("end"))
        failures.check(
            m.post_id == office["slug"] and m.post.label == office["name"],
            f"{what}: post {m.post_id!r}, expected the office {office['slug']!r}",
        )
        org = data["organizations"][office["organization"]]
        failures.check(
            m.organization.name == org["name"],
            f"{what}: organization {m.organization.name!r}, expected {org['name']!r}",
        )
        title = office.get("postTitle")
        role = (ACTING + title if term.get("acting") else title) if title else None
        failures.check(m.role == role, f"{what}: role {m.role!r}, expected {role!r}")
        party = term.get("party")
        if party is None:
            failures.check(m.on_behalf_of_id is None, f"{what}: a party the term does not name")
        else:
            name = data["parties"][party]["name"]
            failures.check(
                m.on_behalf_of_id is not None and m.on_behalf_of.name == name,
                f"{what}: on behalf of {m.on_behalf_of_id!r}, expected the party {name!r}",
            )
        area = term.get("area")
        if area is None:
            failures.check(m.area_id is None, f"{what}: an area the term does not name")
        else:
            name = data["areas"][area]["name"]
            failures.check(
                m.area_id is not None and m.area.name == name,
                f"{what}: area {m.area_id!r}, expected the area {name!r}",
            )
    missing = sorted(set(data["terms"]) - matched)
    failures.check(not missing, f"terms with no membership: {missing[:20]}")
    return got


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=pathlib.Path, help="the Popolo JSON document")
    parser.add_argument("data", type=pathlib.Path, help="the tenure data directory it was exported from")
    parser.add_argument("--schemas", type=pathlib.Path, default=DEFAULT_SCHEMAS)
    args = parser.parse_args()

    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("jsonschema", "everypolitician-popolo", "approx_dates")
    )
    print(f"checking {args.export} against {args.data} ({versions})")
    document = load_json(args.export)
    failures = Failures()
    registry = schema_registry(args.schemas)
    validate_schemas(document, registry, failures)
    failures.report_and_exit_if_any(f"validating {args.export} against the Popolo schemas")

    data = read_dataset(args.data)
    got = check_reader(args.export, data, failures)
    failures.report_and_exit_if_any(f"reading {args.export} with popolo_data")
    print(
        f"popolo_data reads {args.export.name}: {got['persons']} persons, "
        f"{got['organizations']} organizations, {got['areas']} areas, {got['posts']} posts, "
        f"{got['memberships']} memberships; all match {args.data} "
        f"(names, dates as text and as day ranges, posts, roles, parties, areas)"
    )


if __name__ == "__main__":
    main()
