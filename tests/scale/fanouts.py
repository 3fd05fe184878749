"""The documents of the scale proof and the random values they are sent with.

Every document takes variables, and each request draws fresh values for them from the
generated dataset (dates over its years, ranges, `first:`, country codes, name
fragments, office slugs and IDs), so the answer cache, keyed by the request's bytes,
never serves an attacker or the normal client. A share of requests (FRESH_DOCUMENTS)
also carries a random comment, which makes the document text new, so the document
cache does not serve those either and the server parses, validates and prices them.

The fan-outs keep the shapes of the original proof: list fields nested through
`offices`, `holders`, `secretaries`, `terms`, `servingOn` and `node`, fragments, 15
aliases (the limit) and batches of 10 (the limit), then documents that pass the limits
with as much work as they allow.
"""

import datetime
import glob
import json
import os
import random
import string

from harness import office_id

# The share of attack requests whose document text is new (SCALE_FRESH_DOCUMENTS).
FRESH_DOCUMENTS = float(os.environ.get("SCALE_FRESH_DOCUMENTS", "0.25"))
OIC = "oic-secretary-general"


class Dataset:
    """What the random values are drawn from, read from the dataset directory: every
    office slug, the countries, `asOf`, and the terms of a sample of generated offices
    (for the normal client, which asks about ranges where an office surely served)."""

    def __init__(self, data_dir, sample_size=40, seed=7):
        with open(os.path.join(data_dir, "dataset.json"), encoding="utf-8") as f:
            dataset = json.load(f)
        self.as_of = datetime.date.fromisoformat(dataset["asOf"])
        self.countries = sorted(c["code"] for c in dataset["countries"])
        paths = sorted(glob.glob(os.path.join(data_dir, "offices", "*.json")))
        self.slugs = [os.path.basename(p)[: -len(".json")] for p in paths]
        generated = [p for p in paths if os.path.basename(p).startswith("office-")]
        if not generated:
            raise RuntimeError(f"{data_dir} holds no generated office (offices/office-*.json)")
        chosen = random.Random(seed).sample(generated, min(sample_size, len(generated)))
        self.offices = [SampledOffice(path) for path in chosen]
        self.first_day = min(o.terms[0][1] for o in self.offices)
        self.fragments = sorted({part for o in self.offices for part in o.name_parts if len(part) >= 3})


class SampledOffice:
    """One office file: its slug and its terms as (ordinal, earliest start day)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            office = json.load(f)
        self.slug = office["slug"]
        self.terms = [(t["ordinal"], earliest(t["start"])) for t in office["terms"]]
        if not self.terms:
            raise RuntimeError(f"{path} has no terms")
        # Holder slugs are the name folded, then a number: "dorde-nowak-1".
        self.name_parts = {p for t in office["terms"] for p in t["holder"].split("-") if p.isalpha()}


def earliest(partial):
    """The first day a partial date (YYYY, YYYY-MM or YYYY-MM-DD) denotes."""
    parts = [int(p) for p in partial.split("-")]
    return datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


# ---------------------------------------------------------------------------------------
# Random values


def day(rng, data):
    span = (data.as_of - data.first_day).days
    return data.first_day + datetime.timedelta(days=rng.randint(0, span))


def date_range(rng, data, allow_none=True):
    """No range (a quarter of the time, if allowed), a narrow one (days to 3 years) or
    a wide one (decades to centuries), anywhere over the dataset's years."""
    kind = rng.random()
    if allow_none and kind < 0.25:
        return None
    start = day(rng, data)
    length = rng.randint(0, 3 * 365) if kind < 0.6 else rng.randint(20 * 365, 400 * 365)
    end = min(start + datetime.timedelta(days=length), data.as_of)
    return {"from": start.isoformat(), "to": end.isoformat()}


def match(rng):
    return rng.choice(["POSSIBLY", "CERTAINLY"])


def first(rng, most=100):
    return rng.randint(1, most)


def slug(rng, data):
    return rng.choice(data.slugs)


def letter(rng):
    return rng.choice(string.ascii_lowercase)


def search(rng, data):
    """One letter (the costliest search) or a fragment of a generated name."""
    if rng.random() < 0.5:
        return letter(rng)
    fragment = rng.choice(data.fragments)
    start = rng.randint(0, len(fragment) - 2)
    return fragment[start : start + rng.randint(2, 4)]


# ---------------------------------------------------------------------------------------
# Documents


class Document:
    """A named document and how to draw its variables; `batch` > 1 sends that many
    operations of it in one POST, each with its own variables."""

    def __init__(self, name, text, variables, batch=1):
        self.name, self.text, self.variables, self.batch = name, text, variables, batch

    def body(self, rng, data, fresh=False):
        text = self.text
        if fresh:
            text += f"\n# {rng.getrandbits(64):016x}"
        operations = [{"query": text, "variables": self.variables(rng, data)} for _ in range(self.batch)]
        return operations if self.batch > 1 else operations[0]


def aliased(count, declare, field):
    """A query with `count` aliases a0.. of `field(i)`, declaring `declare(i)`."""
    declarations = ", ".join(declare(i) for i in range(count))
    fields = " ".join(f"a{i}: {field(i)}" for i in range(count))
    return f"query Aliased({declarations}) {{ {fields} }}"


def per_alias(count, **draws):
    """Variables for an aliased query: for each name and draw, name0..name{count-1}."""
    return lambda rng, data: {
        f"{name}{i}": draw(rng, data) for i in range(count) for name, draw in draws.items()
    }


ISSUE = (
    "query Issue($during: DateRange, $match: DateMatch!) { offices { holders(during: $during, match: $match) "
    "{ terms { office { holders(during: $during) { name } } } } } }"
)
FOUR_FIELDS = (
    "query FourFields($a: Boolean!, $b: Boolean!, $slug: String!) "
    "{ offices { name slug abbreviation @include(if: $a) postTitle @include(if: $b) } "
    "office(slug: $slug) { name } }"
)


def issue_variables(rng, data):
    return {"during": date_range(rng, data), "match": match(rng)}


def four_fields_variables(rng, data):
    return {"a": rng.random() < 0.5, "b": rng.random() < 0.5, "slug": slug(rng, data)}


FAN_OUTS = [
    Document("the issue's document", ISSUE, issue_variables),
    Document(
        "offices > terms > secretary > terms",
        "query OfficeTerms($first: Int, $during: DateRange) { offices { terms(first: $first, during: $during) "
        "{ nodes { secretary { terms { office { name } } } } } } }",
        lambda rng, data: {"first": first(rng), "during": date_range(rng, data)},
    ),
    Document(
        "organizations > offices > holders",
        "query OrgHolders($during: DateRange, $match: DateMatch!) { organizations { offices "
        "{ holders(during: $during, match: $match) { name } } } }",
        issue_variables,
    ),
    Document(
        "offices > holders",
        "query OfficeHolders($during: DateRange) { offices { slug holders(during: $during) { name } } }",
        lambda rng, data: {"during": date_range(rng, data)},
    ),
    Document(
        "secretaries > terms > office > terms",
        "query SecretaryTerms($first: Int, $inner: Int, $during: DateRange) { secretaries(first: $first) "
        "{ nodes { terms { office { terms(first: $inner, during: $during) { nodes { ordinal } } } } } } }",
        lambda rng, data: {"first": first(rng), "inner": first(rng), "during": date_range(rng, data)},
    ),
    Document(
        "terms > office > holders",
        "query TermHolders($during: DateRange, $first: Int) { terms(during: $during, first: $first) "
        "{ edges { node { office { holders { name } } } } } }",
        lambda rng, data: {"during": date_range(rng, data), "first": first(rng)},
    ),
    Document(
        "servingOn a busy day",
        "query Serving($date: Date!, $match: DateMatch!) { servingOn(date: $date, match: $match) "
        "{ office { name } secretary { name } } }",
        lambda rng, data: {"date": day(rng, data).isoformat(), "match": match(rng)},
    ),
    Document(
        "node > holders > terms > office > holders",
        "query NodeHolders($id: ID!, $during: DateRange) { node(id: $id) { ... on Office "
        "{ holders(during: $during) { terms { office { holders { name } } } } } } }",
        lambda rng, data: {"id": office_id(slug(rng, data)), "during": date_range(rng, data)},
    ),
    Document(
        "fragments",
        "query Fragments($during: DateRange) { ...F } fragment F on Query { offices { ...O } } "
        "fragment O on Office { holders(during: $during) { terms { office { ...P } } } } "
        "fragment P on Office { holders { name } }",
        lambda rng, data: {"during": date_range(rng, data)},
    ),
    Document(
        "15 aliases of offices",
        aliased(15, lambda i: f"$d{i}: DateRange", lambda i: f"offices {{ holders(during: $d{i}) {{ name }} }}"),
        per_alias(15, d=date_range),
    ),
    Document(
        "15 aliases of servingOn",
        aliased(15, lambda i: f"$d{i}: Date!", lambda i: f"servingOn(date: $d{i}) {{ ordinal }}"),
        per_alias(15, d=lambda rng, data: day(rng, data).isoformat()),
    ),
    Document(
        "15 aliased name searches",
        aliased(
            15,
            lambda i: f"$s{i}: String, $f{i}: Int",
            lambda i: f"secretaries(search: $s{i}, first: $f{i}) {{ totalCount nodes {{ name }} }}",
        ),
        per_alias(15, s=search, f=lambda rng, data: first(rng)),
    ),
    Document("a batch of 10 fan-outs", ISSUE, issue_variables, batch=10),
    Document("a batch of 10 near-limit documents", FOUR_FIELDS, four_fields_variables, batch=10),
    # Documents that pass the limits with as much work as they allow:
    Document("every office, 4 fields", FOUR_FIELDS, four_fields_variables),
    Document(
        "15 aliased country filters",
        aliased(
            15,
            lambda i: f"$c{i}: String, $f{i}: Int",
            lambda i: f"secretaries(country: $c{i}, first: $f{i}) {{ totalCount nodes {{ name }} }}",
        ),
        per_alias(15, c=lambda rng, data: rng.choice(data.countries), f=lambda rng, data: first(rng, 10)),
    ),
    Document(
        "a one-letter name search",
        "query Search($s: String, $first: Int) { secretaries(search: $s, first: $first) "
        "{ totalCount nodes { name } } }",
        lambda rng, data: {"s": letter(rng), "first": first(rng)},
    ),
    Document(
        "15 wide ranges counted",
        aliased(
            15,
            lambda i: f"$d{i}: DateRange, $f{i}: Int",
            lambda i: f"terms(during: $d{i}, first: $f{i}) {{ totalCount nodes {{ ordinal }} }}",
        ),
        per_alias(15, d=lambda rng, data: date_range(rng, data, allow_none=False), f=lambda rng, data: first(rng, 10)),
    ),
    Document(
        "15 aliased incumbents",
        aliased(
            15,
            lambda i: f"$o{i}: String!",
            lambda i: f"office(slug: $o{i}) {{ incumbent {{ ordinal secretary {{ name terms {{ ordinal }} }} }} }}",
        ),
        per_alias(15, o=slug),
    ),
]


# ---------------------------------------------------------------------------------------
# The normal client's query


def headline(path):
    """The headline query of bench/queries/holders-during.graphql with the office's
    slug made a variable, so the normal client can ask about any generated office.
    Raises if the file no longer has the expected form (update this function)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    header = "query HoldersDuring($from: Date!, $to: Date!)"
    office = f'office(slug: "{OIC}")'
    if header not in text or office not in text:
        raise RuntimeError(f"{path} no longer has `{header}` and `{office}`: update tests/scale/fanouts.py")
    return text.replace(header, "query HoldersDuring($slug: String!, $from: Date!, $to: Date!)").replace(
        office, "office(slug: $slug)"
    )


def headline_request(rng, data):
    """Variables for the headline query on a random sampled office and a range of up
    to five years around the start of one of its terms, picked at random; returns
    (variables, the ordinal of that term), which the answer must hold."""
    office = rng.choice(data.offices)
    ordinal, start = rng.choice(office.terms)
    before = datetime.timedelta(days=rng.randint(0, 2 * 365))
    after = datetime.timedelta(days=rng.randint(0, 3 * 365))
    variables = {"slug": office.slug, "from": (start - before).isoformat(), "to": (start + after).isoformat()}
    return variables, ordinal


def headline_problem(answer, ordinal):
    """What is wrong with a headline answer that must hold the term `ordinal`, or None."""
    if not isinstance(answer, dict):
        return "the answer is not a JSON object"
    if answer.get("errors"):
        return "the answer has errors"
    office = (answer.get("data") or {}).get("office")
    if not office:
        return "data.office is empty"
    terms = office.get("terms") or {}
    nodes = terms.get("nodes") or []
    if not terms.get("totalCount") or not nodes:
        return "no term in a range where the office surely had a holder"
    if terms["totalCount"] <= len(nodes) and ordinal not in [n.get("ordinal") for n in nodes]:
        return "the term that began in the range is missing"
    return None
