//! `@skip` and `@include`: the conditions they put on a selection, decided where the
//! document or the known variables settle them, kept on the variable otherwise.

use async_graphql::parser::types::Directive;
use async_graphql::{Name, Positioned, Value as ConstValue};
use async_graphql_value::Value;

use super::Reading;

/// `@include(if: $v)` (asks for the field when `$v` is true) or `@skip(if: $v)`
/// (when it is false), on a variable not known when the fields were collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The variable.
    pub variable: Name,
    /// The value it must have.
    pub when: bool,
}

/// The conditions `@skip` and `@include` among `directives` put on a selection;
/// `None` when they leave it out. Other directives are not this routine's concern. An
/// `if` that is not a Boolean (a document validation refuses) leaves it out.
pub fn conditions(
    directives: &[Positioned<Directive>],
    reading: Reading<'_>,
) -> Option<Vec<Condition>> {
    let Reading::AsRun(variables) = reading else {
        return Some(Vec::new());
    };
    let mut conditions = Vec::new();
    for directive in directives {
        let directive = &directive.node;
        let when = match directive.name.node.as_str() {
            "include" => true,
            "skip" => false,
            _ => continue,
        };
        let value = match directive.get_argument("if").map(|value| &value.node) {
            Some(Value::Boolean(value)) => *value,
            Some(Value::Variable(variable)) => match variables.get(variable) {
                Some(ConstValue::Boolean(value)) => *value,
                Some(_) => return None,
                None => {
                    conditions.push(Condition {
                        variable: variable.clone(),
                        when,
                    });
                    continue;
                }
            },
            _ => return None,
        };
        if value != when {
            return None;
        }
    }
    Some(conditions)
}
