//! The served schema: `schema.graphql` is exactly what `tenure schema` prints, it keeps
//! everything in the contract, and it documents every type, field, argument and value.
//! `schema.subgraph.graphql` is exactly what `tenure schema --federation` prints: the
//! same schema with its `@key`s and the link to the federation spec.

use std::collections::BTreeMap;
use std::path::PathBuf;

use async_graphql_parser::parse_schema;
use async_graphql_parser::types::{ServiceDocument, TypeKind, TypeSystemDefinition};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Everything a client can depend on, one line per item, with its description if any:
/// `Office.terms(first): Int`, `DateMatch.POSSIBLY`, `Office implements Node`.
fn items(document: &ServiceDocument) -> BTreeMap<String, (String, Option<String>)> {
    let mut items = BTreeMap::new();
    let mut add = |key: String, shape: String, description: Option<String>| {
        items.insert(key, (shape, description));
    };
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(t) = definition else {
            continue;
        };
        let t = &t.node;
        let name = t.name.node.to_string();
        let description = t.description.as_ref().map(|d| d.node.clone());
        let (kind, fields, implements) = match &t.kind {
            TypeKind::Scalar => ("scalar", vec![], vec![]),
            TypeKind::Object(o) => (
                "type",
                o.fields.iter().collect(),
                o.implements.iter().collect(),
            ),
            TypeKind::Interface(i) => (
                "interface",
                i.fields.iter().collect(),
                i.implements.iter().collect(),
            ),
            TypeKind::Enum(e) => {
                for value in &e.values {
                    add(
                        format!("{name}.{}", value.node.value.node),
                        "enum value".into(),
                        value.node.description.as_ref().map(|d| d.node.clone()),
                    );
                }
                ("enum", vec![], vec![])
            }
            TypeKind::InputObject(input) => {
                for field in &input.fields {
                    let f = &field.node;
                    add(
                        format!("{name}.{}", f.name.node),
                        format!(
                            "{} = {:?}",
                            f.ty.node,
                            f.default_value.as_ref().map(|v| v.node.to_string())
                        ),
                        f.description.as_ref().map(|d| d.node.clone()),
                    );
                }
                ("input", vec![], vec![])
            }
            TypeKind::Union(_) => ("union", vec![], vec![]),
        };
        add(name.clone(), kind.into(), description);
        for interface in implements {
            add(
                format!("{name} implements {}", interface.node),
                "implements".into(),
                Some(String::new()),
            );
        }
        for field in fields {
            let f = &field.node;
            let field_name = format!("{name}.{}", f.name.node);
            add(
                field_name.clone(),
                f.ty.node.to_string(),
                f.description.as_ref().map(|d| d.node.clone()),
            );
            for arg in &f.arguments {
                let a = &arg.node;
                add(
                    format!("{field_name}({})", a.name.node),
                    format!(
                        "{} = {:?}",
                        a.ty.node,
                        a.default_value.as_ref().map(|v| v.node.to_string())
                    ),
                    a.description.as_ref().map(|d| d.node.clone()),
                );
            }
        }
    }
    items
}

#[test]
fn schema_graphql_is_exactly_what_tenure_schema_prints() {
    let committed = std::fs::read_to_string(root().join("schema.graphql")).expect("schema.graphql");
    assert!(
        committed == tenure::graphql::sdl(),
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql` and review the diff"
    );
}

#[test]
fn the_tenure_schema_command_prints_the_sdl() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .arg("schema")
        .output()
        .expect("run tenure schema");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        tenure::graphql::sdl()
    );
}

#[test]
fn schema_subgraph_graphql_is_exactly_what_tenure_schema_federation_prints() {
    let committed = std::fs::read_to_string(root().join("schema.subgraph.graphql"))
        .expect("schema.subgraph.graphql");
    assert!(
        committed == tenure::graphql::subgraph_sdl(),
        "schema.subgraph.graphql is stale: run `cargo run -- schema --federation > schema.subgraph.graphql` and review the diff"
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args(["schema", "--federation"])
        .output()
        .expect("run tenure schema --federation");
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), committed);
}

#[test]
fn the_subgraph_schema_is_the_public_one_with_keys_and_the_federation_link() {
    let subgraph = tenure::graphql::subgraph_sdl();
    let public = items(&parse_schema(tenure::graphql::sdl()).expect("the public schema parses"));
    let served = items(&parse_schema(&subgraph).expect("the subgraph schema parses"));
    assert_eq!(public, served);
    for (object, key) in [
        ("Office implements Node", "slug"),
        ("Secretary implements Node", "slug"),
        ("Organization implements Node", "slug"),
        ("Country", "code"),
        ("Term implements Node", "id"),
    ] {
        let line = format!("type {object} @key(fields: \"{key}\") {{\n");
        assert!(subgraph.contains(&line), "no `{line}` in the subgraph SDL");
    }
    assert_eq!(subgraph.matches("@key(").count(), 5);
    assert!(
        subgraph.contains("extend schema @link(\n\turl: \"https://specs.apollo.dev/federation/v2.")
    );
}

#[test]
fn the_served_schema_keeps_everything_in_the_contract() {
    let contract_path = root().join("contract/core.graphql");
    let contract = std::fs::read_to_string(&contract_path)
        .unwrap_or_else(|e| panic!("the contract must be at {}: {e}", contract_path.display()));
    let contract = items(&parse_schema(&contract).expect("the contract parses"));
    let served = items(&parse_schema(tenure::graphql::sdl()).expect("the served schema parses"));
    assert!(
        contract.len() > 100,
        "the contract parsed into {} items",
        contract.len()
    );
    let mut missing = Vec::new();
    for (key, (shape, _)) in &contract {
        match served.get(key) {
            Some((served_shape, _)) if served_shape == shape => {}
            Some((served_shape, _)) => {
                missing.push(format!("{key}: contract {shape}, served {served_shape}"))
            }
            None => missing.push(format!("{key}: missing")),
        }
    }
    assert!(
        missing.is_empty(),
        "the served schema breaks the contract:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_type_field_argument_and_enum_value_is_documented() {
    let served = items(&parse_schema(tenure::graphql::sdl()).expect("the served schema parses"));
    let undocumented: Vec<&String> = served
        .iter()
        .filter(|(_, (_, description))| description.as_deref().is_none_or(|d| d.trim().is_empty()))
        .filter(|(key, (shape, _))| !key.contains(" implements ") && shape != "implements")
        .map(|(key, _)| key)
        .collect();
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
}
