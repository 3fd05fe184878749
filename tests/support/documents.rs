//! Random GraphQL requests that validate against the served schema, for property tests
//! (and for tests that compare two executors on the same requests, or run them on a
//! generated dataset of any size).
//!
//! - [`SchemaTable`]: the object, interface, enum and input types of `schema.graphql`,
//!   with their fields, field types and arguments.
//! - [`Vocabulary`]: values of one dataset to pass as arguments (slugs, node IDs,
//!   country codes, search words, days), read from its data directory.
//! - [`Generator`]: walks the schema from `Query` and writes a [`GeneratedRequest`]
//!   (query, variables, operation name); [`Generator::strategy`] is its proptest
//!   `Strategy`.
//!
//! Every field exists on the type it is selected on; scalar and enum fields have no
//! selection and object fields a non-empty one; arguments are the field's own, with
//! values from the vocabulary (`during` ranges with `from <= to` or an open end,
//! `first` or `last` in 0..=100, never both); variables are declared with a type that
//! fits where they are used (sometimes with a default, sometimes null or left out
//! when nullable). Documents use aliases, `@skip`/`@include` with literals and
//! variables, `__typename`, inline fragments with and without a type condition,
//! named fragments (each one used, some spread twice, none in a cycle), and sometimes
//! several named operations with `operationName` choosing one. Two fields with the
//! same response key in one merged selection set are always the same field with the
//! same arguments and type, which is stricter than the spec's "fields can merge", so
//! every document validates.
//!
//! Most documents stay within the server's default limits (depth 10, aliases 15,
//! directives 50, cost 5000, tokens 1000); [`Settings::stretch_percent`] of them may
//! pass one on purpose. [`Settings`] can also ask for values the resolvers refuse,
//! so that fields fail, and keeps the generator clear of three async-graphql bugs
//! unless told not to. Each request carries its [`Shape`], measured by the rules
//! the limits document, so a test knows which refusal, if any, to expect
//! ([`Shape::refusal`]). [`GeneratedRequest::check_data`] checks an answer's `data`
//! against the document and the schema.
//!
//! Choices are read from a tape of random `u32`s; 0 is always the simplest choice
//! (no alias, no directive, fewest items), so when proptest shrinks a failing tape
//! towards zeros the document shrinks with it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use async_graphql_parser::parse_schema;
use async_graphql_parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;
use serde_json::{json, Map, Value as Json};
use tenure::graphql::{ErrorCode, Limits};

// ---------------------------------------------------------------------------------
// The schema

/// What kind of type a schema type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeClass {
    /// An object type: has fields.
    Object,
    /// An interface: has fields and implementations.
    Interface,
    /// A union: has members.
    Union,
    /// A scalar, built in or custom.
    Scalar,
    /// An enum: has values.
    Enum,
    /// An input object: has input fields.
    InputObject,
}

/// One named type of the schema.
#[derive(Debug, Clone)]
pub struct TypeInfo {
    /// The type's name.
    pub name: String,
    /// Its kind.
    pub class: TypeClass,
    /// The fields of an object or interface, in SDL order.
    pub fields: Vec<FieldInfo>,
    /// The fields of an input object, in SDL order.
    pub input_fields: Vec<InputInfo>,
    /// The values of an enum.
    pub enum_values: Vec<String>,
    /// The object types a value of this type can be: itself for an object, the
    /// implementations of an interface, the members of a union.
    pub possible_types: Vec<String>,
}

/// A field of an object or interface type.
#[derive(Debug, Clone)]
pub struct FieldInfo {
    /// The field's name.
    pub name: String,
    /// Its type, e.g. `[Term!]!`.
    pub ty: Type,
    /// Its arguments, in SDL order.
    pub args: Vec<InputInfo>,
}

/// An argument, or a field of an input object.
#[derive(Debug, Clone)]
pub struct InputInfo {
    /// The name.
    pub name: String,
    /// The type, e.g. `Date!`.
    pub ty: Type,
    /// Whether the schema gives it a default value.
    pub has_default: bool,
}

impl InputInfo {
    /// Whether a document must give it: non-null and without a default.
    pub fn required(&self) -> bool {
        !self.ty.nullable && !self.has_default
    }
}

/// The types of a schema, read from its SDL.
#[derive(Debug, Clone)]
pub struct SchemaTable {
    types: BTreeMap<String, TypeInfo>,
    query: String,
    typename: FieldInfo,
}

/// The named type under a type's list and non-null wrappers: `[Term!]!` -> `Term`.
pub fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(item) => named(item),
    }
}

fn parse_type(text: &str) -> Type {
    Type::new(text).expect("a type")
}

impl SchemaTable {
    /// The repository's committed `schema.graphql`.
    pub fn bundled() -> Self {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
        let sdl = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Self::from_sdl(&sdl).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The types of the schema written in `sdl`.
    pub fn from_sdl(sdl: &str) -> Result<Self, String> {
        let document = parse_schema(sdl).map_err(|e| e.to_string())?;
        let inputs = |values: Vec<
            async_graphql_parser::Positioned<async_graphql_parser::types::InputValueDefinition>,
        >| {
            values
                .into_iter()
                .map(|v| InputInfo {
                    name: v.node.name.node.to_string(),
                    ty: v.node.ty.node,
                    has_default: v.node.default_value.is_some(),
                })
                .collect::<Vec<_>>()
        };
        let mut types = BTreeMap::new();
        let mut query = "Query".to_owned();
        let mut implementations = Vec::new();
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    if let Some(name) = schema.node.query {
                        query = name.node.to_string();
                    }
                }
                TypeSystemDefinition::Type(definition) => {
                    let definition = definition.node;
                    let name = definition.name.node.to_string();
                    let mut info = TypeInfo {
                        name: name.clone(),
                        class: TypeClass::Scalar,
                        fields: Vec::new(),
                        input_fields: Vec::new(),
                        enum_values: Vec::new(),
                        possible_types: Vec::new(),
                    };
                    let fields = |fields: Vec<
                        async_graphql_parser::Positioned<
                            async_graphql_parser::types::FieldDefinition,
                        >,
                    >| {
                        fields
                            .into_iter()
                            .map(|f| FieldInfo {
                                name: f.node.name.node.to_string(),
                                ty: f.node.ty.node,
                                args: inputs(f.node.arguments),
                            })
                            .collect::<Vec<_>>()
                    };
                    match definition.kind {
                        TypeKind::Scalar => {}
                        TypeKind::Object(object) => {
                            info.class = TypeClass::Object;
                            info.fields = fields(object.fields);
                            info.possible_types = vec![name.clone()];
                            for interface in object.implements {
                                implementations.push((interface.node.to_string(), name.clone()));
                            }
                        }
                        TypeKind::Interface(interface) => {
                            info.class = TypeClass::Interface;
                            info.fields = fields(interface.fields);
                        }
                        TypeKind::Union(union) => {
                            info.class = TypeClass::Union;
                            info.possible_types =
                                union.members.iter().map(|m| m.node.to_string()).collect();
                        }
                        TypeKind::Enum(enumeration) => {
                            info.class = TypeClass::Enum;
                            info.enum_values = enumeration
                                .values
                                .iter()
                                .map(|v| v.node.value.node.to_string())
                                .collect();
                        }
                        TypeKind::InputObject(input) => {
                            info.class = TypeClass::InputObject;
                            info.input_fields = inputs(input.fields);
                        }
                    }
                    types.insert(name, info);
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        for (interface, object) in implementations {
            if let Some(info) = types.get_mut(&interface) {
                info.possible_types.push(object);
            }
        }
        if !types.contains_key(&query) {
            return Err(format!("the schema has no query type `{query}`"));
        }
        Ok(Self {
            types,
            query,
            typename: FieldInfo {
                name: "__typename".to_owned(),
                ty: parse_type("String!"),
                args: Vec::new(),
            },
        })
    }

    /// The name of the query root type.
    pub fn query_type(&self) -> &str {
        &self.query
    }

    /// The type named `name`; `None` for the built-in scalars.
    pub fn get(&self, name: &str) -> Option<&TypeInfo> {
        self.types.get(name)
    }

    /// Every type, by name.
    pub fn types(&self) -> impl Iterator<Item = &TypeInfo> {
        self.types.values()
    }

    /// The field `name` of type `parent`, `__typename` included.
    pub fn field(&self, parent: &str, name: &str) -> Option<&FieldInfo> {
        if name == "__typename" {
            return Some(&self.typename);
        }
        self.get(parent)?.fields.iter().find(|f| f.name == name)
    }

    /// Whether `name` is an object, interface or union: a type with a selection.
    pub fn is_composite(&self, name: &str) -> bool {
        self.get(name).is_some_and(|t| {
            matches!(
                t.class,
                TypeClass::Object | TypeClass::Interface | TypeClass::Union
            )
        })
    }

    /// The object types a value of type `name` can be.
    pub fn possible_types(&self, name: &str) -> &[String] {
        self.get(name).map_or(&[], |t| &t.possible_types)
    }

    /// Whether a fragment on `b` may be spread where `a` is selected: they share a
    /// possible type.
    pub fn overlaps(&self, a: &str, b: &str) -> bool {
        let of_b = self.possible_types(b);
        self.possible_types(a).iter().any(|t| of_b.contains(t))
    }

    /// Whether every possible type of `a` is one of `b`: a fragment on `b` surely
    /// applies to a value of type `a`.
    pub fn within(&self, a: &str, b: &str) -> bool {
        let of_b = self.possible_types(b);
        self.possible_types(a).iter().all(|t| of_b.contains(t))
    }
}

// ---------------------------------------------------------------------------------
// The vocabulary

/// A node of the dataset: its global ID and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRef {
    /// The global ID, as `Query.node` takes it.
    pub id: String,
    /// The object type it names: `Office`, `Secretary`, `Organization` or `Term`.
    pub type_name: String,
    /// Its human key: the slug, or `<office-slug>:<ordinal>` for a term.
    pub key: String,
}

/// The global ID of the `type_name` with human key `key`: `Office:<slug>`,
/// `Term:<office-slug>:<ordinal>`, ... base64url-encoded without padding, as
/// `src/graphql/node.rs` writes it.
pub fn node_id(type_name: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}"))
}

/// The type a global ID names, if it is one of ours.
fn node_type(id: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.split_once(':').map(|(t, _)| t.to_owned())
}

/// The values of one dataset that arguments take. Small: at most
/// [`Vocabulary::SAMPLE`] of each kind (twice that for days), sampled evenly.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Office slugs.
    pub offices: Vec<String>,
    /// Person slugs.
    pub secretaries: Vec<String>,
    /// Organization slugs.
    pub organizations: Vec<String>,
    /// Country codes that people have.
    pub countries: Vec<String>,
    /// Words of people's names, as slugs and as written (diacritics kept).
    pub searches: Vec<String>,
    /// Days `YYYY-MM-DD`: the first and last days of terms' dates, `asOf`, and a few
    /// far ones.
    pub dates: Vec<String>,
    /// Nodes of every type, with their global IDs.
    pub nodes: Vec<NodeRef>,
}

impl Vocabulary {
    /// The most values of one kind kept.
    pub const SAMPLE: usize = 24;

    /// The vocabulary of the bundled dataset, `data/`.
    pub fn bundled() -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        Self::from_data_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
    }

    /// The vocabulary of the dataset in `dir` (`dataset.json`, `people.json`,
    /// `offices/<slug>.json`, as `data/README.md` describes). Only the sampled
    /// offices' files are read, so a large dataset costs little.
    pub fn from_data_dir(dir: &Path) -> Result<Self, String> {
        let read = |path: &Path| -> Result<Json, String> {
            let text = fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
        };
        let strings = |value: &Json, list: &str, key: &str| -> Vec<String> {
            value[list]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v[key].as_str())
                .map(str::to_owned)
                .collect()
        };
        let dataset = read(&dir.join("dataset.json"))?;
        let people = read(&dir.join("people.json"))?;

        let organizations = sample(&strings(&dataset, "organizations", "slug"), Self::SAMPLE);
        let countries = sample(&strings(&dataset, "countries", "code"), Self::SAMPLE);
        let people: Vec<(String, String)> = people["people"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some((
                    p["slug"].as_str()?.to_owned(),
                    p["name"].as_str()?.to_owned(),
                ))
            })
            .collect();
        let people = sample(&people, Self::SAMPLE);

        let offices_dir = dir.join("offices");
        let mut offices: Vec<String> = fs::read_dir(&offices_dir)
            .map_err(|e| format!("cannot list {}: {e}", offices_dir.display()))?
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                (path.extension()? == "json").then_some(())?;
                Some(path.file_stem()?.to_str()?.to_owned())
            })
            .collect();
        offices.sort();
        let offices = sample(&offices, Self::SAMPLE);

        let mut terms = Vec::new();
        let mut dates = BTreeSet::new();
        if let Some(as_of) = dataset["asOf"].as_str() {
            dates.insert(as_of.to_owned());
        }
        for slug in &offices {
            let office = read(&offices_dir.join(format!("{slug}.json")))?;
            for term in office["terms"].as_array().into_iter().flatten() {
                if let Some(ordinal) = term["ordinal"].as_u64() {
                    terms.push(format!("{slug}:{ordinal}"));
                }
                for end in ["start", "end"] {
                    if let Some(date) = term[end].as_str() {
                        dates.extend(days(date));
                    }
                }
            }
        }
        dates.extend(["1900-01-01", "2000-02-29", "2100-12-31"].map(str::to_owned));
        let dates = sample(&dates.into_iter().collect::<Vec<_>>(), 2 * Self::SAMPLE);
        let terms = sample(&terms, Self::SAMPLE);

        let mut searches = BTreeSet::new();
        for (slug, name) in &people {
            if let Some(word) = slug.split('-').rfind(|w| w.len() >= 3) {
                searches.insert(word.to_owned());
            }
            if let Some(word) = name.split_whitespace().last() {
                searches.insert(word.to_owned());
                searches.insert(word.to_uppercase());
            }
        }
        let searches = sample(&searches.into_iter().collect::<Vec<_>>(), Self::SAMPLE);

        let secretaries: Vec<String> = people.into_iter().map(|(slug, _)| slug).collect();
        let mut nodes = Vec::new();
        for (type_name, keys) in [
            ("Organization", &organizations),
            ("Office", &offices),
            ("Secretary", &secretaries),
            ("Term", &terms),
        ] {
            nodes.extend(keys.iter().map(|key| NodeRef {
                id: node_id(type_name, key),
                type_name: type_name.to_owned(),
                key: key.clone(),
            }));
        }
        Ok(Self {
            offices,
            secretaries,
            organizations,
            countries,
            searches,
            dates,
            nodes,
        })
    }
}

/// At most `n` of `items`, evenly spaced, in order.
fn sample<T: Clone>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n].clone()).collect()
}

/// The first and last days a partial date (`1971`, `1971-03`, `2004-12-31`) can denote.
fn days(partial: &str) -> Vec<String> {
    let parts: Vec<&str> = partial.split('-').collect();
    match parts.as_slice() {
        [year] => vec![format!("{year}-01-01"), format!("{year}-12-31")],
        [year, month] => {
            let (Ok(y), Ok(m)) = (year.parse::<i32>(), month.parse::<u32>()) else {
                return Vec::new();
            };
            let last = match m {
                2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            vec![
                format!("{year}-{month}-01"),
                format!("{year}-{month}-{last:02}"),
            ]
        }
        [_, _, _] => vec![partial.to_owned()],
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Requests and their shape

/// One generated request, as a client sends it.
#[derive(Clone)]
pub struct GeneratedRequest {
    /// The document.
    pub query: String,
    /// The values of the chosen operation's variables: a JSON object.
    pub variables: Json,
    /// The operation to run, when the request names one.
    pub operation_name: Option<String>,
    /// The document's size and weight, as the limits measure them.
    pub shape: Shape,
    document: Arc<Document>,
}

impl GeneratedRequest {
    /// The request as a GraphQL-over-HTTP JSON body.
    pub fn body(&self) -> Json {
        let mut body = Map::new();
        body.insert("query".to_owned(), json!(self.query));
        if self.variables.as_object().is_some_and(|v| !v.is_empty()) {
            body.insert("variables".to_owned(), self.variables.clone());
        }
        if let Some(name) = &self.operation_name {
            body.insert("operationName".to_owned(), json!(name));
        }
        Json::Object(body)
    }

    /// Checks an answer's `data` against the document and the schema: each object
    /// has exactly the response keys the operation selects there (fields that
    /// `@skip`/`@include` leave out, or whose type condition does not apply, absent;
    /// the others present), every value has its field's type (no null where the
    /// schema says non-null, lists are lists, enums are values of the enum, dates
    /// are days), `__typename` is a possible type, and `nodes`/`edges` hold no more
    /// items than `first`/`last` ask for.
    pub fn check_data(&self, schema: &SchemaTable, data: &Json) -> Result<(), String> {
        let document = &*self.document;
        let operation = &document.operations[document.chosen];
        let checker = Checker {
            schema,
            document,
            variables: &self.variables,
            declared: &operation.vars,
        };
        let items: Vec<&Sel> = operation.items.iter().collect();
        checker.object(schema.query_type(), &items, data, "data", None)
    }
}

impl fmt::Debug for GeneratedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "GeneratedRequest {{")?;
        writeln!(f, "query:\n{}", self.query)?;
        writeln!(f, "variables: {}", self.variables)?;
        writeln!(f, "operationName: {:?}", self.operation_name)?;
        writeln!(f, "shape: {:?}", self.shape)?;
        write!(f, "}}")
    }
}

/// What the server's limits measure in a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Characters of the text.
    pub characters: usize,
    /// The deepest nesting of `{`, `[` and `(`.
    pub nesting: usize,
    /// Tokens of the text.
    pub tokens: usize,
    /// Aliases in the whole document.
    pub aliases: usize,
    /// Directives in the whole document.
    pub directives: usize,
    /// The depth of the chosen operation, fragments expanded.
    pub depth: usize,
    /// The cost of the chosen operation, fragments expanded: every field 1, times the
    /// list sizes around it (`first`/`last`, a variable counting 100, 0 counting 1;
    /// 100 for `terms`/`secretaries` selecting a connection field without either).
    pub cost: u64,
}

impl Shape {
    /// The code a server with `limits` refuses the document with, checking the limits
    /// in the server's order (text, then aliases and directives, then depth and
    /// cost); `None` when it passes them all.
    pub fn refusal(&self, limits: &Limits) -> Option<ErrorCode> {
        if self.characters > limits.max_characters {
            Some(ErrorCode::MaxCharactersExceeded)
        } else if self.nesting > limits.max_nesting() {
            Some(ErrorCode::MaxDepthExceeded)
        } else if self.tokens > limits.max_tokens {
            Some(ErrorCode::MaxTokensExceeded)
        } else if self.aliases > limits.max_aliases {
            Some(ErrorCode::MaxAliasesExceeded)
        } else if self.directives > limits.max_directives {
            Some(ErrorCode::MaxDirectivesExceeded)
        } else if self.depth > limits.max_depth {
            Some(ErrorCode::MaxDepthExceeded)
        } else if self.cost > limits.max_cost as u64 {
            Some(ErrorCode::MaxCostExceeded)
        } else {
            None
        }
    }
}

// ---------------------------------------------------------------------------------
// The generator

/// What documents aim for, and which values they may use. Documents stay within
/// `depth`, `aliases`, `directives` and `cost` (the estimates are upper bounds), except
/// the `stretch_percent` that get one of them raised; `tokens` is estimated while
/// writing, so it is kept below the server's limit with a margin.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The deepest nesting of fields.
    pub depth: usize,
    /// Aliases in the whole document.
    pub aliases: usize,
    /// Directives in the whole document.
    pub directives: usize,
    /// The cost of each operation.
    pub cost: u64,
    /// Tokens in the whole document.
    pub tokens: usize,
    /// The share of documents, in percent, that get one of depth, aliases or cost
    /// raised past the server's limit, so that some are refused.
    pub stretch_percent: u32,
    /// Stay clear of the async-graphql 7.2 validation bug that `tests/hostile_props.rs`
    /// pins: directives on `__typename` get literal conditions only (its validator
    /// skips `__typename`, so a variable used only there counts as unused). Its
    /// answers that depart from the spec are corrected by tenure's executor, so the
    /// generator writes those documents (selection sets that collect nothing,
    /// `@skip`/`@include` variables left to their defaults).
    pub work_around_async_graphql: bool,
    /// The chance, in percent, that an argument gets a value of the right type that
    /// the resolvers refuse (`first: -1`, an inverted range, a cursor of another list,
    /// an unknown office, a country code of three letters, text that is no ID), so
    /// that fields fail. 0 by default: every value is valid.
    pub wrong_percent: u32,
}

impl Default for Settings {
    /// The server's default limits (tokens with a margin), with 10% stretched.
    fn default() -> Self {
        let limits = Limits::default();
        Self {
            depth: limits.max_depth,
            aliases: limits.max_aliases,
            directives: limits.max_directives,
            cost: limits.max_cost as u64,
            tokens: limits.max_tokens * 8 / 10,
            stretch_percent: 10,
            work_around_async_graphql: true,
            wrong_percent: 0,
        }
    }
}

/// How many random numbers one document may read.
pub const TAPE_LEN: usize = 1024;

/// Writes random requests for a schema over a vocabulary.
#[derive(Debug, Clone)]
pub struct Generator {
    schema: Arc<SchemaTable>,
    vocabulary: Arc<Vocabulary>,
    settings: Settings,
}

impl Generator {
    /// A generator for `schema` with values from `vocabulary`, aiming for the
    /// default [`Settings`].
    pub fn new(schema: Arc<SchemaTable>, vocabulary: Arc<Vocabulary>) -> Self {
        Self {
            schema,
            vocabulary,
            settings: Settings::default(),
        }
    }

    /// A generator for `schema.graphql` over the bundled dataset.
    pub fn bundled() -> Self {
        Self::new(
            Arc::new(SchemaTable::bundled()),
            Arc::new(Vocabulary::bundled()),
        )
    }

    /// The same generator with `settings`.
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The schema it walks.
    pub fn schema(&self) -> &Arc<SchemaTable> {
        &self.schema
    }

    /// The values it uses.
    pub fn vocabulary(&self) -> &Arc<Vocabulary> {
        &self.vocabulary
    }

    /// The request that `tape` (random numbers; missing ones read as 0) describes.
    pub fn generate(&self, tape: &[u32]) -> GeneratedRequest {
        let mut build = Build {
            schema: &self.schema,
            vocabulary: &self.vocabulary,
            tape: Tape {
                values: tape,
                at: 0,
            },
            limits: self.settings,
            alias_percent: 10,
            state: State::default(),
            fragment_nesting: 0,
            nest_bonus: 0,
            item_percent: 50,
            unpaged_percent: 25,
        };
        let document = build.document();
        let query = document.print();
        let chosen = &document.operations[document.chosen];
        let variables = Json::Object(
            chosen
                .vars
                .iter()
                .filter_map(|v| Some((v.name.clone(), v.value.clone()?)))
                .collect(),
        );
        let operation_name = document.operation_name.clone();
        let shape = document.shape(&query);
        GeneratedRequest {
            query,
            variables,
            operation_name,
            shape,
            document: Arc::new(document),
        }
    }

    /// The proptest strategy: a tape of [`TAPE_LEN`] random numbers, shrinking
    /// towards zeros (simpler documents).
    pub fn strategy(&self) -> BoxedStrategy<GeneratedRequest> {
        let generator = self.clone();
        prop::collection::vec(any::<u32>(), TAPE_LEN)
            .prop_map(move |tape| generator.generate(&tape))
            .boxed()
    }
}

/// Random requests for `schema` over `vocabulary`: `Generator::new(..).strategy()`.
pub fn requests(
    schema: Arc<SchemaTable>,
    vocabulary: Arc<Vocabulary>,
) -> BoxedStrategy<GeneratedRequest> {
    Generator::new(schema, vocabulary).strategy()
}

/// The random numbers a document is drawn from.
struct Tape<'t> {
    values: &'t [u32],
    at: usize,
}

impl Tape<'_> {
    fn next(&mut self) -> u32 {
        let value = self.values.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        value
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let value = self.next() as usize;
        if n == 0 {
            0
        } else {
            value % n
        }
    }

    /// True `percent`% of the time; false for a 0.
    fn percent(&mut self, percent: u32) -> bool {
        self.next() % 100 >= 100 - percent.min(100)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------
// Documents, as the generator builds them

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Enum(String),
    Var(String),
    Object(Vec<(String, Val)>),
}

impl Val {
    fn write(&self, out: &mut String) {
        match self {
            Val::Null => out.push_str("null"),
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::Int(n) => out.push_str(&n.to_string()),
            // A JSON string is a GraphQL string: the same escapes, no raw newlines.
            Val::Str(s) => out.push_str(&Json::String(s.clone()).to_string()),
            Val::Enum(e) => out.push_str(e),
            Val::Var(name) => {
                out.push('$');
                out.push_str(name);
            }
            Val::Object(fields) => {
                out.push('{');
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    out.push_str(": ");
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The value as JSON, for a variable; variables inside are not allowed there.
    fn to_json(&self) -> Json {
        match self {
            Val::Null | Val::Var(_) => Json::Null,
            Val::Bool(b) => json!(b),
            Val::Int(n) => json!(n),
            Val::Str(s) | Val::Enum(s) => json!(s),
            Val::Object(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(name, value)| (name.clone(), value.to_json()))
                    .collect(),
            ),
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

#[derive(Debug, Clone)]
struct Directive {
    name: &'static str,
    condition: Val,
}

#[derive(Debug, Clone)]
struct FieldSel {
    /// The type the field is selected on.
    parent: String,
    alias: Option<String>,
    name: String,
    args: Vec<(String, Val)>,
    directives: Vec<Directive>,
    items: Vec<Sel>,
}

impl FieldSel {
    fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone)]
enum Sel {
    Field(FieldSel),
    Inline {
        on: Option<String>,
        directives: Vec<Directive>,
        items: Vec<Sel>,
    },
    Spread {
        name: String,
        directives: Vec<Directive>,
    },
}

#[derive(Debug, Clone)]
struct VarDef {
    name: String,
    ty: String,
    default: Option<Val>,
    /// The value sent; `None` leaves it out of `variables`.
    value: Option<Json>,
}

impl VarDef {
    /// What the operation sees: the value sent, else the default; `None` when absent.
    fn effective(&self) -> Option<Json> {
        self.value
            .clone()
            .or_else(|| self.default.as_ref().map(Val::to_json))
    }
}

#[derive(Debug, Clone)]
struct Operation {
    name: Option<String>,
    shorthand: bool,
    vars: Vec<VarDef>,
    items: Vec<Sel>,
}

#[derive(Debug, Clone)]
struct Fragment {
    name: String,
    on: String,
    items: Vec<Sel>,
    /// The response keys its fields merge into where it is spread.
    tree: Tree,
    /// Its depth and cost, fragments within expanded.
    depth: usize,
    cost: u64,
    /// The operation it belongs to: it uses that operation's variables.
    op: usize,
}

#[derive(Debug)]
struct Document {
    operations: Vec<Operation>,
    fragments: Vec<Fragment>,
    fragments_first: bool,
    chosen: usize,
    operation_name: Option<String>,
}

/// The response keys of a merged selection set: each with the signature of its field
/// (name, arguments, type) and the keys below it.
#[derive(Debug, Clone, Default)]
struct Tree(BTreeMap<String, (String, Tree)>);

impl Tree {
    fn conflicts(&self, key: &str, signature: &str) -> bool {
        matches!(self.0.get(key), Some((s, _)) if s != signature)
    }

    fn compatible(&self, other: &Tree) -> bool {
        other
            .0
            .iter()
            .all(|(key, (signature, below))| match self.0.get(key) {
                None => true,
                Some((s, mine)) => s == signature && mine.compatible(below),
            })
    }

    fn merge(&mut self, other: &Tree) {
        for (key, (signature, below)) in &other.0 {
            self.0
                .entry(key.clone())
                .or_insert_with(|| (signature.clone(), Tree::default()))
                .1
                .merge(below);
        }
    }
}

// ---------------------------------------------------------------------------------
// Building a document

/// Where in the document a selection set is written.
#[derive(Debug, Clone)]
struct Ctx {
    /// The type selected on.
    ty: String,
    /// How many fields enclose it.
    depth: usize,
    /// The product of the list sizes around it, as the cost counts them.
    mult: u64,
    /// The office's slug, when the object here is known to be that office if it is
    /// an office (for `Office.terms` cursors).
    office: Option<String>,
    /// How many inline fragments enclose it directly.
    inline: usize,
}

#[derive(Debug, Clone, Default)]
struct State {
    aliases: usize,
    directives: usize,
    tokens: usize,
    fragments: Vec<Fragment>,
    /// Numbers the names of aliases, variables and fragments, unique in a document.
    counter: usize,
    /// The operation being written, its variables and its estimated cost.
    op: usize,
    vars: Vec<VarDef>,
    cost: u64,
}

struct Build<'g> {
    schema: &'g SchemaTable,
    vocabulary: &'g Vocabulary,
    tape: Tape<'g>,
    /// The settings, with this document's stretched target if it has one.
    limits: Settings,
    alias_percent: u32,
    state: State,
    fragment_nesting: usize,
    /// Added to the chance of selecting an object field, for deep documents.
    nest_bonus: u32,
    /// The chance of one more item in a selection set.
    item_percent: u32,
    /// The chance that a connection that can afford 100 items gets no `first`/`last`.
    unpaged_percent: u32,
}

const OPERATION_NAMES: &[&str] = &["Holders", "Offices", "People", "Dates", "Lookup", "Q"];

impl Build<'_> {
    fn fresh(&mut self) -> usize {
        self.state.counter += 1;
        self.state.counter
    }

    fn document(&mut self) -> Document {
        // A few documents may pass one limit, and lean towards it.
        if self.tape.percent(self.limits.stretch_percent) {
            match self.tape.below(3) {
                0 => {
                    self.limits.depth += 3;
                    self.nest_bonus = 50;
                }
                1 => {
                    self.limits.aliases += 10;
                    self.alias_percent = 60;
                    self.item_percent = 65;
                }
                _ => {
                    self.limits.cost *= 4;
                    self.unpaged_percent = 80;
                    self.nest_bonus = 20;
                }
            }
        }
        let count = if self.tape.percent(15) {
            2 + self.tape.below(2)
        } else {
            1
        };
        let named = count > 1 || self.tape.percent(50);
        let mut operations = Vec::new();
        for index in 0..count {
            self.state.op = index;
            self.state.cost = 0;
            self.state.vars.clear();
            let name = named.then(|| format!("{}{index}", self.tape.pick(OPERATION_NAMES)));
            let root = Ctx {
                ty: self.schema.query_type().to_owned(),
                depth: 0,
                mult: 1,
                office: None,
                inline: 0,
            };
            let mut tree = Tree::default();
            let items = self.selection_set(&root, &mut tree, &[]);
            let vars = std::mem::take(&mut self.state.vars);
            let shorthand = name.is_none() && vars.is_empty() && !self.tape.percent(50);
            self.state.tokens += usize::from(!shorthand) + usize::from(name.is_some());
            operations.push(Operation {
                name,
                shorthand,
                vars,
                items,
            });
        }
        let chosen = self.tape.below(count);
        let operation_name = if count > 1 || (named && self.tape.percent(50)) {
            operations[chosen].name.clone()
        } else {
            None
        };
        Document {
            operations,
            fragments: std::mem::take(&mut self.state.fragments),
            fragments_first: self.tape.percent(20),
            chosen,
            operation_name,
        }
    }

    /// A non-empty selection set on `ctx.ty`, its response keys merged into `tree`
    /// and kept compatible with every tree of `outer`.
    fn selection_set(&mut self, ctx: &Ctx, tree: &mut Tree, outer: &[&Tree]) -> Vec<Sel> {
        let most = if ctx.depth <= 2 { 5 } else { 3 };
        let mut wanted = 1;
        while wanted < most && self.tape.percent(self.item_percent) {
            wanted += 1;
        }
        let mut items = Vec::new();
        let mut tries = 0;
        while items.len() < wanted && tries < 2 * wanted + 2 {
            tries += 1;
            if self.state.tokens >= self.limits.tokens {
                break;
            }
            let item = match self.tape.below(100) {
                0..=73 => self.field(ctx, tree, outer, false),
                74..=86 => self.inline_fragment(ctx, tree, outer),
                _ => self.spread(ctx, tree, outer),
            };
            items.extend(item);
        }
        if items.is_empty() {
            // `__typename` fits anywhere and conflicts with nothing.
            tree.0
                .entry("__typename".to_owned())
                .or_insert_with(|| (signature(&self.schema.typename, &[]), Tree::default()));
            self.state.cost += ctx.mult;
            self.state.tokens += 1;
            items.push(Sel::Field(FieldSel {
                parent: ctx.ty.clone(),
                alias: None,
                name: "__typename".to_owned(),
                args: Vec::new(),
                directives: Vec::new(),
                items: Vec::new(),
            }));
        }
        items
    }

    /// A field of `ctx.ty`; with `plain`, one without directives.
    fn field(&mut self, ctx: &Ctx, tree: &mut Tree, outer: &[&Tree], plain: bool) -> Option<Sel> {
        let schema = self.schema;
        let info = schema.get(&ctx.ty)?;
        let can_nest = ctx.depth + 2 <= self.limits.depth;
        let (mut composites, mut leaves) = (Vec::new(), Vec::new());
        for field in &info.fields {
            if schema.is_composite(named(&field.ty)) {
                composites.push(field);
            } else {
                leaves.push(field);
            }
        }
        let nest_percent = match ctx.depth {
            0 => 95,
            1 => 60,
            2 => 50,
            3 => 40,
            4 | 5 => 30,
            _ => 20,
        } + self.nest_bonus;
        let field = if can_nest && !composites.is_empty() && self.tape.percent(nest_percent) {
            *self.tape.pick(&composites)
        } else if leaves.is_empty() || self.tape.percent(10) {
            &schema.typename
        } else {
            *self.tape.pick(&leaves)
        };
        // A field is given up before anything below it is written: only counters
        // and variables can have changed by then.
        let saved = (
            self.state.aliases,
            self.state.directives,
            self.state.tokens,
            self.state.counter,
            self.state.vars.len(),
            self.state.cost,
        );
        let sel = self.field_of(ctx, field, tree, outer, plain);
        if sel.is_none() {
            let vars;
            (
                self.state.aliases,
                self.state.directives,
                self.state.tokens,
                self.state.counter,
                vars,
                self.state.cost,
            ) = saved;
            self.state.vars.truncate(vars);
        }
        sel
    }

    fn field_of(
        &mut self,
        ctx: &Ctx,
        field: &FieldInfo,
        tree: &mut Tree,
        outer: &[&Tree],
        plain: bool,
    ) -> Option<Sel> {
        let target = named(&field.ty).to_owned();
        let composite = self.schema.is_composite(&target);
        let args = self.arguments(ctx, field)?;
        let size = estimated_size(&target, &args);
        let need = ctx.mult.saturating_add(if composite {
            ctx.mult.saturating_mul(size)
        } else {
            0
        });
        if self.state.cost.saturating_add(need) > self.limits.cost {
            return None;
        }
        let signature = signature(field, &args);
        let alias = self.alias(ctx, &field.name, &signature, tree, outer)?;
        let key = alias.clone().unwrap_or_else(|| field.name.clone());
        let directives = if plain {
            Vec::new()
        } else {
            self.directives(field.name != "__typename" || !self.limits.work_around_async_graphql)
        };
        let mut sel = FieldSel {
            parent: ctx.ty.clone(),
            alias,
            name: field.name.clone(),
            args,
            directives,
            items: Vec::new(),
        };
        let mut header = String::new();
        write_field_header(&mut header, &sel);
        self.state.tokens += count_tokens(&header) + if composite { 2 } else { 0 };
        self.state.cost += ctx.mult;
        let below: Vec<&Tree> = outer
            .iter()
            .filter_map(|t| t.0.get(&key))
            .filter(|(s, _)| *s == signature)
            .map(|(_, t)| t)
            .collect();
        let entry = tree
            .0
            .entry(key)
            .or_insert_with(|| (signature, Tree::default()));
        if composite {
            let inner = Ctx {
                office: self.office_hint(ctx, &sel),
                ty: target,
                depth: ctx.depth + 1,
                mult: ctx.mult.saturating_mul(size),
                inline: 0,
            };
            sel.items = self.selection_set(&inner, &mut entry.1, &below);
        }
        Some(Sel::Field(sel))
    }

    /// The alias of a field with `signature`: `Some(None)` for none, `None` when the
    /// field cannot be selected here (its name is taken and no alias is left).
    fn alias(
        &mut self,
        ctx: &Ctx,
        name: &str,
        signature: &str,
        tree: &Tree,
        outer: &[&Tree],
    ) -> Option<Option<String>> {
        let taken = |key: &str| {
            tree.conflicts(key, signature) || outer.iter().any(|t| t.conflicts(key, signature))
        };
        let may = self.state.aliases < self.limits.aliases;
        if !(may && self.tape.percent(self.alias_percent)) {
            if !taken(name) {
                return Some(None);
            }
            if !may {
                return None;
            }
        }
        let alias = match self.tape.below(6) {
            // The same field under an alias already used for it: a repeat.
            1 => tree
                .0
                .iter()
                .find(|(key, (s, _))| s == signature && key.as_str() != name && !taken(key))
                .map(|(key, _)| key.clone()),
            // Another field's name.
            2 => {
                let schema = self.schema;
                let others = schema
                    .get(&ctx.ty)
                    .map(|t| t.fields.as_slice())
                    .unwrap_or_default();
                if others.is_empty() {
                    None
                } else {
                    let other = &self.tape.pick(others).name;
                    (other != name && !taken(other)).then(|| other.clone())
                }
            }
            _ => None,
        };
        let alias = alias.unwrap_or_else(|| {
            let n = self.fresh();
            if self.tape.percent(50) {
                format!("{name}_{n}")
            } else {
                format!("a{n}")
            }
        });
        self.state.aliases += 1;
        Some(Some(alias))
    }

    /// The slug of the office the object of `field` is, if it is an office.
    fn office_hint(&self, ctx: &Ctx, field: &FieldSel) -> Option<String> {
        let arg = |name: &str| {
            field
                .args
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| self.effective(v))
        };
        if ctx.ty != self.schema.query_type() {
            return None;
        }
        match field.name.as_str() {
            "office" => arg("slug")?.as_str().map(str::to_owned),
            "node" => {
                let id = arg("id")?;
                let node = self.vocabulary.nodes.iter().find(|n| id == n.id)?;
                (node.type_name == "Office").then(|| node.key.clone())
            }
            _ => None,
        }
    }

    /// What a value is at run time: a literal's own value, a variable's effective
    /// one; `None` for an absent variable.
    fn effective(&self, value: &Val) -> Option<Json> {
        match value {
            Val::Var(name) => self
                .state
                .vars
                .iter()
                .find(|v| &v.name == name)
                .and_then(VarDef::effective),
            other => Some(other.to_json()),
        }
    }

    fn arguments(&mut self, ctx: &Ctx, field: &FieldInfo) -> Option<Vec<(String, Val)>> {
        let paged = field
            .args
            .iter()
            .any(|a| a.name == "first" || a.name == "last");
        let page = if paged { self.page(ctx, field)? } else { None };
        let mut args: Vec<(String, Val)> = Vec::new();
        for arg in &field.args {
            let value = match arg.name.as_str() {
                "first" | "last" => page
                    .as_ref()
                    .filter(|(name, _)| name == &arg.name)
                    .map(|(_, v)| v.clone()),
                "after" | "before" => self.cursor(ctx, field, arg, &args),
                _ if arg.required() || self.tape.percent(35) => Some(self.value(&field.name, arg)),
                _ => None,
            };
            if let Some(value) = value {
                args.push((arg.name.clone(), value));
            }
        }
        Some(args)
    }

    /// Whether the next value is to be wrong (see [`Settings::wrong_percent`]).
    fn wrong(&mut self) -> bool {
        self.limits.wrong_percent > 0 && self.tape.percent(self.limits.wrong_percent)
    }

    /// `first` or `last` of a paged field, or neither; `None` when even one item
    /// would cost more than is left.
    fn page(&mut self, ctx: &Ctx, field: &FieldInfo) -> Option<Option<(String, Val)>> {
        let left = self.limits.cost.saturating_sub(self.state.cost) / ctx.mult.max(1);
        // The field costs 1 and each item at least 1 more; leave room for a second.
        let most = left.saturating_sub(1) / 2;
        if most == 0 {
            return None;
        }
        let connection = named(&field.ty).ends_with("Connection");
        if !connection || (most >= 100 && self.tape.percent(self.unpaged_percent)) {
            return Some(None);
        }
        let name = if self.tape.percent(35) {
            "last"
        } else {
            "first"
        };
        let n = match self.tape.below(10) {
            0..=5 => self.tape.below(4),
            6..=8 => 4 + self.tape.below(7),
            _ => 11 + self.tape.below(90),
        } as u64;
        let n = if most >= 101 && self.wrong() {
            *self.tape.pick(&[-1, 101, 1000]) as i64
        } else {
            n.min(most).min(100) as i64
        };
        let ty = field
            .args
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.ty.clone())?;
        // A variable counts as 100 items.
        let value = if most >= 100 && self.tape.percent(25) {
            self.variable(name, &ty, Val::Int(n))
        } else {
            Val::Int(n)
        };
        Some(Some((name.to_owned(), value)))
    }

    /// A cursor of the list `field` returns, when the generator knows which list that
    /// is (its tag, as `src/graphql/pagination.rs` writes it).
    fn cursor(
        &mut self,
        ctx: &Ctx,
        field: &FieldInfo,
        arg: &InputInfo,
        args: &[(String, Val)],
    ) -> Option<Val> {
        if !self.tape.percent(10) {
            return None;
        }
        let on_query = ctx.ty == self.schema.query_type();
        if self.wrong() {
            let cursor = if self.tape.percent(50) {
                "not a cursor".to_owned()
            } else {
                URL_SAFE_NO_PAD.encode("another-list:1")
            };
            return Some(Val::Str(cursor));
        }
        let scope = match field.name.as_str() {
            "secretaries" if on_query => "secretaries".to_owned(),
            "terms" if on_query => {
                let office = args
                    .iter()
                    .find(|(n, _)| n == "office")
                    .and_then(|(_, v)| self.effective(v));
                match office.as_ref().and_then(Json::as_str) {
                    Some(slug) => format!("terms:{slug}"),
                    None => "terms".to_owned(),
                }
            }
            "terms" if ctx.ty == "Office" => format!("office-terms:{}", ctx.office.as_ref()?),
            _ => return None,
        };
        let position = if self.tape.percent(10) {
            1000 + self.tape.below(1000)
        } else {
            self.tape.below(16)
        };
        let cursor = Val::Str(URL_SAFE_NO_PAD.encode(format!("{scope}:{position}")));
        Some(if self.tape.percent(30) {
            self.variable(&arg.name, &arg.ty, cursor)
        } else {
            cursor
        })
    }

    /// A value for argument `arg` of `field`, a literal or a variable.
    fn value(&mut self, field: &str, arg: &InputInfo) -> Val {
        let is_input = self
            .schema
            .get(named(&arg.ty))
            .is_some_and(|t| t.class == TypeClass::InputObject);
        if is_input {
            // The whole object as one variable, or a literal with variables inside.
            let whole = self.tape.percent(20);
            let value = self.input_object(named(&arg.ty), !whole);
            return if whole {
                self.variable(&arg.name, &arg.ty, value)
            } else {
                value
            };
        }
        let value = self.literal(field, &arg.name, &arg.ty);
        if self.tape.percent(30) {
            self.variable(&arg.name, &arg.ty, value)
        } else {
            value
        }
    }

    /// An input object: a range's ends in order (`from <= to`) or left open.
    fn input_object(&mut self, type_name: &str, variables: bool) -> Val {
        let inputs = self
            .schema
            .get(type_name)
            .map(|t| t.input_fields.clone())
            .unwrap_or_default();
        let dates = &self.vocabulary.dates;
        let mut ends = [
            self.pick_str(dates, "2000-01-01"),
            self.pick_str(dates, "2000-01-01"),
        ];
        ends.sort();
        if ends[0] != ends[1] && self.wrong() {
            ends.reverse();
        }
        let mut fields = Vec::new();
        for input in &inputs {
            if !(input.required() || self.tape.percent(70)) {
                continue;
            }
            let value = match input.name.as_str() {
                "from" if input.ty.nullable && self.tape.percent(5) => Val::Null,
                "to" if input.ty.nullable && self.tape.percent(5) => Val::Null,
                "from" => Val::Str(ends[0].clone()),
                "to" => Val::Str(ends[1].clone()),
                _ => self.literal(type_name, &input.name, &input.ty),
            };
            let value = if variables && value != Val::Null && self.tape.percent(25) {
                self.variable(&input.name, &input.ty, value)
            } else {
                value
            };
            fields.push((input.name.clone(), value));
        }
        Val::Object(fields)
    }

    fn pick_str(&mut self, values: &[String], otherwise: &str) -> String {
        if values.is_empty() {
            otherwise.to_owned()
        } else {
            self.tape.pick(values).clone()
        }
    }

    /// A literal for argument `name` of `field`, of type `ty`, from the vocabulary.
    fn literal(&mut self, field: &str, name: &str, ty: &Type) -> Val {
        let (v, schema) = (self.vocabulary, self.schema);
        let type_name = named(ty);
        if let Some(info) = schema.get(type_name) {
            if info.class == TypeClass::Enum {
                return Val::Enum(self.tape.pick(&info.enum_values).clone());
            }
            if info.class == TypeClass::InputObject {
                return self.input_object(type_name, false);
            }
        }
        if self.wrong() {
            match (type_name, name) {
                ("ID", _) => return Val::Str("not an ID".to_owned()),
                (_, "office") => return Val::Str("no-such-office".to_owned()),
                (_, "country") => return Val::Str("XYZ".to_owned()),
                _ => {}
            }
        }
        match (type_name, name) {
            ("ID", _) => {
                if v.nodes.is_empty() {
                    Val::Str(node_id("Office", "none"))
                } else {
                    Val::Str(self.tape.pick(&v.nodes).id.clone())
                }
            }
            ("Date", _) => Val::Str(self.pick_str(&v.dates, "2000-01-01")),
            ("Int", _) => Val::Int(self.tape.below(5) as i64),
            ("Boolean", _) => Val::Bool(self.tape.percent(50)),
            (_, "slug") => Val::Str(match field {
                "office" => self.pick_str(&v.offices, "none"),
                "organization" => self.pick_str(&v.organizations, "none"),
                _ => self.pick_str(&v.secretaries, "none"),
            }),
            (_, "office") => Val::Str(self.pick_str(&v.offices, "none")),
            (_, "country") => Val::Str(self.pick_str(&v.countries, "SA")),
            _ => Val::Str(self.pick_str(&v.searches, "a")),
        }
    }

    /// A new variable with `value` for a place of type `position`: declared with that
    /// type (or its non-null form); now and then given `value` as its default and left
    /// out (unless `sent`), or, when nullable, sent null or left out.
    fn variable(&mut self, name: &str, position: &Type, value: Val) -> Val {
        self.variable_sent(name, position, value, false)
    }

    fn variable_sent(&mut self, name: &str, position: &Type, value: Val, sent: bool) -> Val {
        let declared = if position.nullable && self.tape.percent(30) {
            format!("{position}!")
        } else {
            position.to_string()
        };
        let nullable = !declared.ends_with('!');
        let (default, sent) = match self.tape.below(10) {
            7 if !sent => (Some(value.clone()), None),
            8 if nullable && !sent => (None, Some(Json::Null)),
            9 if nullable && !sent => (None, None),
            _ => (None, Some(value.to_json())),
        };
        let name = format!("{name}{}", self.fresh());
        self.state.tokens += 4
            + usize::from(!nullable)
            + default.as_ref().map_or(0, |d| 1 + count_tokens(&d.text()));
        self.state.vars.push(VarDef {
            name: name.clone(),
            ty: declared,
            default,
            value: sent,
        });
        Val::Var(name)
    }

    /// Whether `directives` let their selection through, with the values the
    /// variables are sent with.
    fn lets_through(&self, directives: &[Directive]) -> bool {
        directives.iter().all(|d| {
            let on = self.effective(&d.condition).and_then(|v| v.as_bool()) == Some(true);
            (d.name == "include") == on
        })
    }

    /// A condition for `@skip`/`@include`: a literal or a `Boolean!` variable, maybe
    /// one the operation already has with the same value.
    fn condition(&mut self, value: bool, variables: bool) -> Val {
        if !(variables && self.tape.percent(40)) {
            return Val::Bool(value);
        }
        let existing: Vec<String> = self
            .state
            .vars
            .iter()
            .filter(|v| v.ty == "Boolean!" && v.effective() == Some(json!(value)))
            .map(|v| v.name.clone())
            .collect();
        if !existing.is_empty() && self.tape.percent(50) {
            return Val::Var(self.tape.pick(&existing).clone());
        }
        self.variable_sent("b", &parse_type("Boolean!"), Val::Bool(value), false)
    }

    fn directives(&mut self, variables: bool) -> Vec<Directive> {
        if self.state.directives + 2 > self.limits.directives || !self.tape.percent(12) {
            return Vec::new();
        }
        let names: &[&'static str] = match self.tape.below(5) {
            0 | 1 => &["skip"],
            2 | 3 => &["include"],
            _ => &["skip", "include"],
        };
        let mut directives = Vec::new();
        for &name in names {
            // Mostly let the selection through.
            let through = !self.tape.percent(25);
            let condition =
                self.condition(if name == "skip" { !through } else { through }, variables);
            self.state.tokens += 6 + if matches!(condition, Val::Var(_)) {
                1
            } else {
                0
            };
            directives.push(Directive { name, condition });
        }
        self.state.directives += directives.len();
        directives
    }

    /// A type condition that fits where `ctx.ty` is selected.
    fn type_condition(&mut self, ctx: &Ctx) -> String {
        let fits: Vec<String> = self
            .schema
            .types()
            .filter(|t| self.schema.is_composite(&t.name) && self.schema.overlaps(&ctx.ty, &t.name))
            .map(|t| t.name.clone())
            .collect();
        if fits.is_empty() || self.tape.percent(40) {
            ctx.ty.clone()
        } else {
            self.tape.pick(&fits).clone()
        }
    }

    fn inline_fragment(&mut self, ctx: &Ctx, tree: &mut Tree, outer: &[&Tree]) -> Option<Sel> {
        if ctx.inline >= 3 {
            return None;
        }
        let on = if self.tape.percent(75) {
            Some(self.type_condition(ctx))
        } else {
            None
        };
        let directives = self.directives(true);
        self.state.tokens += 3 + if on.is_some() { 2 } else { 0 };
        let inner = Ctx {
            ty: on.clone().unwrap_or_else(|| ctx.ty.clone()),
            inline: ctx.inline + 1,
            ..ctx.clone()
        };
        let items = self.selection_set(&inner, tree, outer);
        Some(Sel::Inline {
            on,
            directives,
            items,
        })
    }

    /// A spread of a fragment of this operation that fits here, or of a new one.
    fn spread(&mut self, ctx: &Ctx, tree: &mut Tree, outer: &[&Tree]) -> Option<Sel> {
        let fits: Vec<usize> = (0..self.state.fragments.len())
            .filter(|&i| {
                let f = &self.state.fragments[i];
                f.op == self.state.op
                    && self.schema.overlaps(&ctx.ty, &f.on)
                    && ctx.depth + f.depth <= self.limits.depth
                    && self
                        .state
                        .cost
                        .saturating_add(ctx.mult.saturating_mul(f.cost))
                        <= self.limits.cost
                    && tree.compatible(&f.tree)
                    && outer.iter().all(|t| t.compatible(&f.tree))
            })
            .collect();
        if !fits.is_empty() && self.tape.percent(50) {
            let fragment = &self.state.fragments[*self.tape.pick(&fits)];
            let (name, keys, cost) = (fragment.name.clone(), fragment.tree.clone(), fragment.cost);
            tree.merge(&keys);
            self.state.cost = self
                .state
                .cost
                .saturating_add(ctx.mult.saturating_mul(cost));
            let directives = self.directives(true);
            self.state.tokens += 2;
            return Some(Sel::Spread { name, directives });
        }
        if self.fragment_nesting >= 2 {
            return None;
        }
        let on = self.type_condition(ctx);
        let name = format!(
            "{}{}",
            if self.tape.percent(50) {
                "F"
            } else {
                on.as_str()
            },
            self.fresh()
        );
        let mut keys = Tree::default();
        let items = {
            // Its fields merge with those already here, and with whatever those merge with.
            let around: Vec<&Tree> = outer.iter().copied().chain([&*tree]).collect();
            let inner = Ctx {
                ty: on.clone(),
                office: None,
                inline: 0,
                ..ctx.clone()
            };
            self.fragment_nesting += 1;
            let items = self.selection_set(&inner, &mut keys, &around);
            self.fragment_nesting -= 1;
            items
        };
        let depth = depth_of(&items, &self.state.fragments);
        let cost = cost_of(&items, &self.state.fragments);
        tree.merge(&keys);
        self.state.fragments.push(Fragment {
            name: name.clone(),
            on,
            items,
            tree: keys,
            depth,
            cost,
            op: self.state.op,
        });
        let directives = self.directives(true);
        self.state.tokens += 2 + 6;
        Some(Sel::Spread { name, directives })
    }
}

/// A field's identity for merging: name, arguments as written, and type.
fn signature(field: &FieldInfo, args: &[(String, Val)]) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.text()))
        .collect();
    format!("{}({}): {}", field.name, args.join(", "), field.ty)
}

/// The most items a field's value can hold, as the cost counts them (an upper bound:
/// a connection counts 100 without `first`/`last` whatever it selects).
fn estimated_size(type_name: &str, args: &[(String, Val)]) -> u64 {
    for (name, value) in args {
        if name == "first" || name == "last" {
            return match value {
                Val::Int(n) if *n >= 0 => (*n as u64).max(1),
                _ => 100,
            };
        }
    }
    if type_name.ends_with("Connection") {
        100
    } else {
        1
    }
}

// ---------------------------------------------------------------------------------
// Measuring a document as the limits do

/// The deepest chain of fields, fragments expanded (their depth known).
fn depth_of(items: &[Sel], fragments: &[Fragment]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Sel::Field(field) => 1 + depth_of(&field.items, fragments),
            Sel::Inline { items, .. } => depth_of(items, fragments),
            Sel::Spread { name, .. } => fragments
                .iter()
                .find(|f| &f.name == name)
                .map_or(0, |f| f.depth),
        })
        .max()
        .unwrap_or(0)
}

/// The cost, by the rule of `src/graphql/limits/cost.rs`'s documentation.
fn cost_of(items: &[Sel], fragments: &[Fragment]) -> u64 {
    items
        .iter()
        .map(|item| match item {
            Sel::Field(field) => 1u64
                .saturating_add(list_size(field).saturating_mul(cost_of(&field.items, fragments))),
            Sel::Inline { items, .. } => cost_of(items, fragments),
            Sel::Spread { name, .. } => fragments
                .iter()
                .find(|f| &f.name == name)
                .map_or(0, |f| f.cost),
        })
        .fold(0, u64::saturating_add)
}

fn list_size(field: &FieldSel) -> u64 {
    for (name, value) in &field.args {
        if name == "first" || name == "last" {
            return match value {
                Val::Int(n) if *n >= 0 => (*n as u64).max(1),
                _ => 100,
            };
        }
    }
    let connection = matches!(field.name.as_str(), "terms" | "secretaries")
        && field.items.iter().any(|item| {
            matches!(item, Sel::Field(f)
                if matches!(f.name.as_str(), "edges" | "nodes" | "totalCount" | "pageInfo"))
        });
    if connection {
        100
    } else {
        1
    }
}

fn count_aliases_and_directives(items: &[Sel], counts: &mut (usize, usize)) {
    for item in items {
        match item {
            Sel::Field(field) => {
                counts.0 += usize::from(field.alias.is_some());
                counts.1 += field.directives.len();
                count_aliases_and_directives(&field.items, counts);
            }
            Sel::Inline {
                directives, items, ..
            } => {
                counts.1 += directives.len();
                count_aliases_and_directives(items, counts);
            }
            Sel::Spread { directives, .. } => counts.1 += directives.len(),
        }
    }
}

/// Tokens (names, numbers, strings, punctuators, `...` as one) and the deepest
/// bracket nesting of a GraphQL text; whitespace and commas are no tokens.
fn scan(text: &str) -> (usize, usize) {
    let mut chars = text.chars().peekable();
    let (mut tokens, mut nesting, mut deepest) = (0, 0usize, 0);
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' | ',' => {}
            '"' => {
                tokens += 1;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '.' => {
                tokens += 1;
                chars.next();
                chars.next();
            }
            c if c == '_' || c.is_ascii_alphanumeric() || c == '-' => {
                tokens += 1;
                while chars
                    .peek()
                    .is_some_and(|&c| c == '_' || c.is_ascii_alphanumeric())
                {
                    chars.next();
                }
            }
            '{' | '[' | '(' => {
                tokens += 1;
                nesting += 1;
                deepest = deepest.max(nesting);
            }
            '}' | ']' | ')' => {
                tokens += 1;
                nesting = nesting.saturating_sub(1);
            }
            _ => tokens += 1,
        }
    }
    (tokens, deepest)
}

fn count_tokens(text: &str) -> usize {
    scan(text).0
}

impl Document {
    fn fragment(&self, name: &str) -> Option<&Fragment> {
        self.fragments.iter().find(|f| f.name == name)
    }

    fn shape(&self, text: &str) -> Shape {
        let (tokens, nesting) = scan(text);
        let mut counts = (0, 0);
        for operation in &self.operations {
            count_aliases_and_directives(&operation.items, &mut counts);
        }
        for fragment in &self.fragments {
            count_aliases_and_directives(&fragment.items, &mut counts);
        }
        let chosen = &self.operations[self.chosen];
        Shape {
            characters: text.chars().count(),
            nesting,
            tokens,
            aliases: counts.0,
            directives: counts.1,
            depth: depth_of(&chosen.items, &self.fragments),
            cost: cost_of(&chosen.items, &self.fragments),
        }
    }

    fn print(&self) -> String {
        let mut out = String::new();
        let fragments = |out: &mut String| {
            for fragment in &self.fragments {
                out.push_str(&format!("fragment {} on {} ", fragment.name, fragment.on));
                write_items(out, &fragment.items, 0);
                out.push('\n');
            }
        };
        if self.fragments_first {
            fragments(&mut out);
        }
        for operation in &self.operations {
            if !operation.shorthand {
                out.push_str("query");
                if let Some(name) = &operation.name {
                    out.push(' ');
                    out.push_str(name);
                }
                if !operation.vars.is_empty() {
                    out.push('(');
                    for (i, var) in operation.vars.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        out.push_str(&format!("${}: {}", var.name, var.ty));
                        if let Some(default) = &var.default {
                            out.push_str(" = ");
                            default.write(&mut out);
                        }
                    }
                    out.push(')');
                }
                out.push(' ');
            }
            write_items(&mut out, &operation.items, 0);
            out.push('\n');
        }
        if !self.fragments_first {
            fragments(&mut out);
        }
        out
    }
}

fn write_directives(out: &mut String, directives: &[Directive]) {
    for directive in directives {
        out.push_str(&format!(
            " @{}(if: {})",
            directive.name,
            directive.condition.text()
        ));
    }
}

fn write_field_header(out: &mut String, field: &FieldSel) {
    if let Some(alias) = &field.alias {
        out.push_str(alias);
        out.push_str(": ");
    }
    out.push_str(&field.name);
    if !field.args.is_empty() {
        out.push('(');
        for (i, (name, value)) in field.args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(name);
            out.push_str(": ");
            value.write(out);
        }
        out.push(')');
    }
    write_directives(out, &field.directives);
}

fn write_items(out: &mut String, items: &[Sel], indent: usize) {
    out.push_str("{\n");
    for item in items {
        out.push_str(&"  ".repeat(indent + 1));
        match item {
            Sel::Field(field) => {
                write_field_header(out, field);
                if !field.items.is_empty() {
                    out.push(' ');
                    write_items(out, &field.items, indent + 1);
                }
            }
            Sel::Inline {
                on,
                directives,
                items,
            } => {
                out.push_str("...");
                if let Some(on) = on {
                    out.push_str(" on ");
                    out.push_str(on);
                }
                write_directives(out, directives);
                out.push(' ');
                write_items(out, items, indent + 1);
            }
            Sel::Spread { name, directives } => {
                out.push_str("...");
                out.push_str(name);
                write_directives(out, directives);
            }
        }
        out.push('\n');
    }
    out.push_str(&"  ".repeat(indent));
    out.push('}');
}

// ---------------------------------------------------------------------------------
// Checking an answer's data against the document

struct Checker<'a> {
    schema: &'a SchemaTable,
    document: &'a Document,
    variables: &'a Json,
    declared: &'a [VarDef],
}

/// The fields of one response key, and whether the key must be in the answer.
type Groups<'s> = BTreeMap<String, (Vec<&'s FieldSel>, bool)>;

impl<'a> Checker<'a> {
    /// The run-time value of a variable or literal.
    fn value(&self, value: &Val) -> Option<Json> {
        match value {
            Val::Var(name) => match self.variables.get(name) {
                Some(sent) => Some(sent.clone()),
                None => self
                    .declared
                    .iter()
                    .find(|v| &v.name == name)?
                    .default
                    .as_ref()
                    .map(Val::to_json),
            },
            other => Some(other.to_json()),
        }
    }

    fn included(&self, directives: &[Directive]) -> bool {
        directives.iter().all(|d| {
            let on = self.value(&d.condition).and_then(|v| v.as_bool()) == Some(true);
            if d.name == "skip" {
                !on
            } else {
                on
            }
        })
    }

    /// Whether a type condition may apply to an object of static type `ty` whose
    /// run-time type is `runtime` if known, and whether it surely does.
    fn applies(&self, condition: Option<&str>, ty: &str, runtime: Option<&str>) -> (bool, bool) {
        match (condition, runtime) {
            (None, _) => (true, true),
            (Some(condition), Some(runtime)) => {
                let applies = self.schema.within(runtime, condition);
                (applies, applies)
            }
            (Some(condition), None) => (
                self.schema.overlaps(ty, condition),
                self.schema.within(ty, condition),
            ),
        }
    }

    /// The spec's CollectFields, with "surely" tracked where the run-time type is
    /// unknown.
    fn collect<'s>(
        &self,
        items: &[&'s Sel],
        ty: &str,
        runtime: Option<&str>,
        sure: bool,
        groups: &mut Groups<'s>,
    ) where
        'a: 's,
    {
        for &item in items {
            match item {
                Sel::Field(field) => {
                    if self.included(&field.directives) {
                        let group = groups
                            .entry(field.key().to_owned())
                            .or_insert_with(|| (Vec::new(), false));
                        group.0.push(field);
                        group.1 |= sure;
                    }
                }
                Sel::Inline {
                    on,
                    directives,
                    items,
                } => {
                    let (may, surely) = self.applies(on.as_deref(), ty, runtime);
                    if may && self.included(directives) {
                        let items: Vec<&Sel> = items.iter().collect();
                        self.collect(&items, ty, runtime, sure && surely, groups);
                    }
                }
                Sel::Spread { name, directives } => {
                    let Some(fragment) = self.document.fragment(name) else {
                        continue;
                    };
                    let (may, surely) = self.applies(Some(&fragment.on), ty, runtime);
                    if may && self.included(directives) {
                        let items: Vec<&Sel> = fragment.items.iter().collect();
                        self.collect(&items, ty, runtime, sure && surely, groups);
                    }
                }
            }
        }
    }

    /// Checks an object of static type `ty` selected with `items`; `page` is the
    /// most items its `nodes` and `edges` may hold.
    fn object(
        &self,
        ty: &str,
        items: &[&Sel],
        value: &Json,
        path: &str,
        page: Option<usize>,
    ) -> Result<(), String> {
        let Json::Object(object) = value else {
            return Err(format!(
                "{path}: expected an object of type {ty}, got {value}"
            ));
        };
        let runtime = if self.schema.get(ty).map(|t| t.class) == Some(TypeClass::Object) {
            Some(ty.to_owned())
        } else {
            // An abstract type: learn the object's type from `__typename` or `id`.
            let mut groups = Groups::new();
            self.collect(items, ty, None, true, &mut groups);
            groups.iter().find_map(|(key, (fields, _))| {
                let answer = object.get(key)?.as_str()?;
                if fields.iter().all(|f| f.name == "__typename") {
                    Some(answer.to_owned())
                } else if fields.iter().all(|f| f.name == "id") {
                    node_type(answer)
                } else {
                    None
                }
            })
        };
        if let Some(runtime) = &runtime {
            if !self.schema.possible_types(ty).contains(runtime) {
                return Err(format!("{path}: a {runtime} where a {ty} is expected"));
            }
        }
        let mut groups = Groups::new();
        self.collect(items, ty, runtime.as_deref(), true, &mut groups);
        for key in object.keys() {
            if !groups.contains_key(key) {
                return Err(format!(
                    "{path}: key `{key}` that the operation does not select here"
                ));
            }
        }
        for (key, (fields, sure)) in &groups {
            let path = format!("{path}.{key}");
            match object.get(key) {
                None if *sure => return Err(format!("{path}: missing")),
                None => {}
                Some(value) => self.field(ty, runtime.as_deref(), fields, value, &path, page)?,
            }
        }
        Ok(())
    }

    fn field(
        &self,
        ty: &str,
        runtime: Option<&str>,
        fields: &[&FieldSel],
        value: &Json,
        path: &str,
        page: Option<usize>,
    ) -> Result<(), String> {
        let first = fields[0];
        let info = self
            .schema
            .field(&first.parent, &first.name)
            .ok_or_else(|| format!("{path}: no field {}.{}", first.parent, first.name))?;
        if first.name == "__typename" {
            let name = value
                .as_str()
                .ok_or_else(|| format!("{path}: __typename {value} is not a string"))?;
            let fits = match runtime {
                Some(runtime) => name == runtime,
                None => self.schema.possible_types(ty).iter().any(|t| t == name),
            };
            return if fits {
                Ok(())
            } else {
                Err(format!(
                    "{path}: __typename {name} on a {}",
                    runtime.unwrap_or(ty)
                ))
            };
        }
        let children: Vec<&Sel> = fields.iter().flat_map(|f| f.items.iter()).collect();
        let own_page = named(&info.ty).ends_with("Connection").then(|| {
            first
                .args
                .iter()
                .filter(|(n, _)| n == "first" || n == "last")
                .find_map(|(_, v)| self.value(v)?.as_u64())
                .map_or(100, |n| n as usize)
        });
        let limit = matches!(first.name.as_str(), "nodes" | "edges")
            .then_some(page)
            .flatten();
        self.value_of(&info.ty, value, &children, path, limit, own_page)
    }

    fn value_of(
        &self,
        ty: &Type,
        value: &Json,
        children: &[&Sel],
        path: &str,
        limit: Option<usize>,
        page: Option<usize>,
    ) -> Result<(), String> {
        if value.is_null() {
            return if ty.nullable {
                Ok(())
            } else {
                Err(format!("{path}: null, but its type is {ty}"))
            };
        }
        match &ty.base {
            BaseType::List(item) => {
                let Json::Array(values) = value else {
                    return Err(format!("{path}: expected a list ({ty}), got {value}"));
                };
                if let Some(limit) = limit {
                    if values.len() > limit {
                        return Err(format!(
                            "{path}: {} items, more than the {limit} asked for",
                            values.len()
                        ));
                    }
                }
                for (i, value) in values.iter().enumerate() {
                    self.value_of(item, value, children, &format!("{path}[{i}]"), None, page)?;
                }
                Ok(())
            }
            BaseType::Named(name) => {
                if self.schema.is_composite(name) {
                    return self.object(name, children, value, path, page);
                }
                let fits = match self.schema.get(name).map(|t| t.class) {
                    Some(TypeClass::Enum) => value.as_str().is_some_and(|v| {
                        self.schema
                            .get(name)
                            .is_some_and(|t| t.enum_values.iter().any(|e| e == v))
                    }),
                    _ => match name.as_str() {
                        "Int" => value.is_i64(),
                        "Float" => value.is_number(),
                        "Boolean" => value.is_boolean(),
                        "String" | "ID" => value.is_string(),
                        "Date" => value.as_str().is_some_and(is_day),
                        _ => !value.is_object() && !value.is_array(),
                    },
                };
                if fits {
                    Ok(())
                } else {
                    Err(format!("{path}: {value} is not a {name}"))
                }
            }
        }
    }
}

fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
