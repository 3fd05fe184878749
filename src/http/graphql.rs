//! `/graphql`: the pipeline wired to HTTP, top to bottom. A request is decoded
//! ([`GraphqlRequest`]), answered from the answer cache when it can be, else run by the
//! executor on the snapshot it started with, and encoded ([`GraphqlResponse`]); a
//! refusal anywhere is a [`Rejection`].

use actix_web::{web, HttpRequest, HttpResponse};

use super::answers::AnswerKey;
use super::client::client_address;
use super::conditional::entity_tag;
use super::media::{negotiate, ResponseType};
use super::rejection::Rejection;
use super::request::GraphqlRequest;
use super::response::GraphqlResponse;
use super::{throttle, AppState};
use crate::graphql::{Charge, ErrorCode, Policy, Unmetered};
use crate::ratelimit::{Client, ClientCharge};

/// `POST /graphql` (one request, or a batch as a JSON array) and
/// `GET /graphql?query=…&variables=…&operationName=…` (queries only).
pub async fn graphql(
    request: GraphqlRequest,
    http: HttpRequest,
    state: web::Data<AppState>,
) -> Result<GraphqlResponse, Rejection> {
    // The one snapshot this request reads, for the cache key, the tag and execution.
    let snapshot = state.snapshots.current();
    let charge = state.rate_limiter.as_deref().map(|limiter| {
        let client = client_address(&http, &state.trusted_proxies);
        ClientCharge::new(limiter, Client::new(client))
    });
    let etag = request
        .get
        .then(|| entity_tag(snapshot.version(), request.accept, &request.payload));
    let key = AnswerKey {
        version: snapshot.catalog.version_shared(),
        documents: state.executor.persisted().scope(),
        kind: request.accept,
        get: request.get,
        request: request.payload.clone(),
    };
    if let Some(answer) = state.answers.get(&key) {
        let throttle = match &charge {
            Some(charge) => Some(
                charge
                    .charge(Charge::Run(answer.requested_cost))
                    .map_err(|throttled| throttle::refused(request.accept, &throttled))?,
            ),
            None => None,
        };
        return Ok(GraphqlResponse::cached(
            request.accept,
            answer,
            etag,
            throttle.as_ref(),
        ));
    }
    let operations = request.operations(state.transport.max_batch)?;
    let policy = Policy {
        queries_only: request.get,
        measure_answers: charge.is_some(),
    };
    let executor = &state.executor;
    let (catalog, status) = (&snapshot.catalog, &snapshot.status);
    let (answers, meter) = match &charge {
        Some(charge) => {
            let executed = executor
                .execute(operations.list, catalog, status, policy, charge)
                .await
                .map_err(|throttled| throttle::refused(request.accept, &throttled))?;
            (executed.answers, Some(executed.receipt))
        }
        None => {
            let executed = executor
                .execute(operations.list, catalog, status, policy, &Unmetered)
                .await
                .unwrap_or_else(|never| match never {});
            (executed.answers, None)
        }
    };
    let response = GraphqlResponse::answered(
        request.accept,
        answers,
        operations.batch,
        etag,
        meter.as_ref(),
    );
    if let Some(answer) = response.to_cached() {
        state.answers.insert(key, answer);
    }
    Ok(response)
}

/// Any other method on `/graphql`.
pub async fn method_not_allowed(request: HttpRequest) -> Result<HttpResponse, Rejection> {
    Err(Rejection::new(
        negotiate(&request).unwrap_or(ResponseType::Json),
        ErrorCode::MethodNotAllowed,
        format!(
            "{} is not allowed on /graphql: use GET for queries or POST",
            request.method()
        ),
    ))
}
