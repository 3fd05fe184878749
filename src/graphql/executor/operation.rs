//! Which operation of a document runs (GraphQL spec, "GetOperation"): the one named by
//! `operationName`, or the only one when none is named. Written once; the limits, the
//! metrics label, the null repair and async-graphql all act on the operation chosen here.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
};
use async_graphql::Positioned;

use crate::graphql::error::{ErrorCode, RequestError};

/// The operation of `document` that a request with `name` runs, with its name.
pub fn select<'d>(
    document: &'d ExecutableDocument,
    name: Option<&str>,
) -> Result<(Option<&'d str>, &'d Positioned<OperationDefinition>), RequestError> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), None) => Ok((None, operation)),
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .get_key_value(name)
            .map(|(name, operation)| (Some(name.as_str()), operation))
            .ok_or_else(|| unknown(name, document)),
        (DocumentOperations::Single(_), Some(name)) => Err(unknown(name, document)),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations
            .iter()
            .next()
            .map(|(name, operation)| (Some(name.as_str()), operation))
            .ok_or_else(|| unknown("", document)),
        (DocumentOperations::Multiple(_), None) => Err(RequestError::new(
            ErrorCode::OperationResolutionFailure,
            format!(
                "the document has several operations ({}); name the one to run with `operationName`",
                names(document)
            ),
        )),
    }
}

/// Whether an operation only reads: a query.
pub fn is_query(operation: &OperationDefinition) -> bool {
    operation.ty == OperationType::Query
}

fn unknown(name: &str, document: &ExecutableDocument) -> RequestError {
    RequestError::new(
        ErrorCode::OperationResolutionFailure,
        format!(
            "the document has no operation named `{name}`; it has {}",
            names(document)
        ),
    )
}

/// The document's operations, in the order they are written, for messages.
fn names(document: &ExecutableDocument) -> String {
    let mut named: Vec<((usize, usize), String)> = document
        .operations
        .iter()
        .map(|(name, operation)| {
            let shown = match name {
                Some(name) => format!("`{name}`"),
                None => "an anonymous operation".to_owned(),
            };
            ((operation.pos.line, operation.pos.column), shown)
        })
        .collect();
    named.sort_unstable();
    named
        .into_iter()
        .map(|(_, shown)| shown)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn chosen(query: &str, name: Option<&str>) -> Result<Option<String>, RequestError> {
        let document = parse_query(query).expect("a valid document");
        select(&document, name).map(|(name, _)| name.map(str::to_owned))
    }

    #[test]
    fn an_anonymous_operation_runs_without_a_name() {
        assert_eq!(chosen("{ a }", None), Ok(None));
    }

    #[test]
    fn the_only_named_operation_runs_without_a_name() {
        assert_eq!(chosen("query A { a }", None), Ok(Some("A".to_owned())));
    }

    #[test]
    fn a_name_picks_its_operation() {
        let document = "query A { a } query B { b }";
        assert_eq!(chosen(document, Some("B")), Ok(Some("B".to_owned())));
    }

    #[test]
    fn several_operations_need_a_name_and_the_message_lists_them_in_order() {
        let error = chosen("query B { b } query A { a }", None).unwrap_err();
        assert_eq!(error.code, ErrorCode::OperationResolutionFailure);
        assert_eq!(
            error.message,
            "the document has several operations (`B`, `A`); name the one to run with `operationName`"
        );
    }

    #[test]
    fn a_name_that_names_nothing_is_refused() {
        let error = chosen("query A { a }", Some("Z")).unwrap_err();
        assert_eq!(
            error.message,
            "the document has no operation named `Z`; it has `A`"
        );
        let error = chosen("{ a }", Some("Z")).unwrap_err();
        assert_eq!(
            error.message,
            "the document has no operation named `Z`; it has an anonymous operation"
        );
    }
}
