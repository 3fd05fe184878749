//! A workaround for async-graphql 7: when a field fails, it drops the field from its
//! object instead of answering null there. The GraphQL spec ("Handling Execution
//! Errors") wants null at the field if it is nullable, else at its nearest nullable
//! ancestor, else `data: null`, with the keys in the order the query asks for them.
//! This module puts those nulls back; it only runs for answers with field errors. The
//! test at the bottom pins the upstream behaviour, so an upgrade that fixes it fails
//! that test and this module can go.

use crate::graphql::collect::{collect, Reading};
use crate::graphql::field_types::{named, FieldTypes};
use async_graphql::parser::types::{BaseType, ExecutableDocument, SelectionSet, Type};
use async_graphql::{Name, PathSegment, Response, Value};

impl FieldTypes {
    /// Puts the nulls the spec calls for where async-graphql dropped failed fields.
    /// `data` must be the data of an operation that ran (not refused before it ran).
    pub fn repair(
        &self,
        response: &mut Response,
        document: &ExecutableDocument,
        root: &SelectionSet,
    ) {
        if response.data == Value::Null {
            // Every root field failed: async-graphql answers null data even when the
            // root fields are nullable; start from an empty object and null them.
            response.data = Value::Object(Default::default());
        }
        let paths: Vec<Vec<PathSegment>> = response
            .errors
            .iter()
            .filter(|e| !e.path.is_empty())
            .map(|e| e.path.clone())
            .collect();
        for path in &paths {
            self.null_at(&mut response.data, document, root, path);
        }
    }

    /// Puts the null that a failed field at `path` calls for: at the field itself if it
    /// is nullable, else at its nearest nullable ancestor, else the whole data.
    fn null_at<'d>(
        &'d self,
        data: &mut Value,
        document: &'d ExecutableDocument,
        root: &'d SelectionSet,
        path: &[PathSegment],
    ) {
        // For each prefix of the path: whether the value there may be null, and the
        // response keys its object has, in the order the query selects them.
        let mut steps: Vec<(bool, Vec<Name>)> = Vec::with_capacity(path.len());
        let mut parent_type = "Query";
        // Every selection set the current position's value was asked with: fields
        // with one response key may be asked for several times, and their selections
        // merge.
        let mut selections: Vec<&SelectionSet> = vec![root];
        let mut current: Option<&Type> = None;
        for segment in path {
            match segment {
                PathSegment::Field(key) => {
                    // Every field as written: the answer's keys are what ran, and
                    // asking for more of them does not change their order.
                    let groups = collect(
                        document,
                        self,
                        &selections,
                        parent_type,
                        Reading::AsWritten,
                        &[],
                    );
                    let Some(group) = groups.iter().find(|g| g.key == key) else {
                        return;
                    };
                    let field = &group.fields[0];
                    let Some(ty) = self.get(field.on, field.field.name.node.as_str()) else {
                        return;
                    };
                    let keys = groups.iter().map(|g| Name::new(g.key)).collect();
                    steps.push((ty.nullable, keys));
                    selections = group
                        .fields
                        .iter()
                        .map(|c| &c.field.selection_set.node)
                        .collect();
                    current = Some(ty);
                    parent_type = named(ty);
                }
                PathSegment::Index(_) => {
                    let Some(BaseType::List(item)) = current.map(|t| &t.base) else {
                        return;
                    };
                    steps.push((item.nullable, Vec::new()));
                    current = Some(item);
                }
            }
        }
        // The nearest position, from the failed field up, that may be null.
        let Some(at) = (0..steps.len()).rev().find(|&i| steps[i].0) else {
            *data = Value::Null;
            return;
        };
        let (parent_path, last) = path.split_at(at);
        let Some(parent) = value_at(data, parent_path) else {
            return;
        };
        match (&last[0], parent) {
            (PathSegment::Field(key), Value::Object(object)) => {
                object.insert(Name::new(key), Value::Null);
                let order = &steps[at].1;
                object.sort_by(|a, _, b, _| {
                    let rank = |k: &Name| order.iter().position(|o| o == k).unwrap_or(usize::MAX);
                    rank(a).cmp(&rank(b))
                });
            }
            (PathSegment::Index(i), Value::List(items)) => {
                if let Some(item) = items.get_mut(*i) {
                    *item = Value::Null;
                }
            }
            _ => {}
        }
    }
}

fn value_at<'v>(data: &'v mut Value, path: &[PathSegment]) -> Option<&'v mut Value> {
    let mut at = data;
    for segment in path {
        at = match (segment, at) {
            (PathSegment::Field(key), Value::Object(object)) => object.get_mut(key.as_str())?,
            (PathSegment::Index(i), Value::List(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    struct Root;

    #[Object]
    impl Root {
        async fn before(&self) -> i32 {
            1
        }
        async fn failing(&self) -> async_graphql::Result<Option<i32>> {
            Err("it fails".into())
        }
        async fn after(&self) -> i32 {
            2
        }
    }

    /// The upstream behaviour this module works around. If this test fails after an
    /// async-graphql upgrade, the upgrade answers failed fields with null itself:
    /// delete this module and its call in the executor.
    #[tokio::test]
    async fn async_graphql_still_drops_a_failed_nullable_field() {
        let schema = Schema::new(Root, EmptyMutation, EmptySubscription);
        let response = schema.execute("{ before failing after }").await;
        assert_eq!(response.errors.len(), 1);
        assert_eq!(
            serde_json::to_string(&response.data).unwrap(),
            r#"{"before":1,"after":2}"#,
            "async-graphql now answers a failed field itself: remove null_repair"
        );
    }
}
