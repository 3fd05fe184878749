//! Per-client cost budgets (`--rate-limit-cost-per-minute N`): each client spends the
//! cost of its requests from a bucket of N that refills continuously, N a minute (the
//! `governor` crate's GCRA). A request is charged its estimated cost (at least 1)
//! once its operations are admitted and before they run, so a request that would
//! overdraw the bucket never runs; GitHub's GraphQL API charges the same way.
//!
//! The buckets live in a bounded, scan-resistant cache (quick_cache), not in a map that
//! grows with every address seen: a flood of new addresses evicts the buckets of
//! clients seen once first, and a client evicted starts again with a full bucket. At
//! [`MAX_CLIENTS`] buckets the state stays within a few megabytes.

use std::cell::Cell;
use std::convert::Infallible;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed, StateStore};
use governor::Quota;
use quick_cache::sync::Cache;

use crate::graphql::{CostGate, ErrorCode, RequestError};

/// The most clients whose buckets are kept.
pub const MAX_CLIENTS: usize = 100_000;

/// A client, as the budget knows it: its address, an IPv6 address by its /64 network
/// (one host often holds a whole /64, so counting addresses would let it mint budgets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Client(IpAddr);

impl Client {
    /// The client at `address`.
    pub fn new(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(_) => Self(address),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(IpAddr::V4(v4)),
                None => {
                    let network = u128::from(v6) & !((1u128 << 64) - 1);
                    Self(IpAddr::V6(network.into()))
                }
            },
        }
    }
}

/// The buckets, bounded.
struct Buckets(Cache<Client, Arc<InMemoryState>>);

impl StateStore for Buckets {
    type Key = Client;

    fn measure_and_replace<T, F, E>(&self, key: &Client, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let bucket = self
            .0
            .get_or_insert_with(key, || {
                Ok::<_, Infallible>(Arc::new(InMemoryState::default()))
            })
            .unwrap_or_else(|never| match never {});
        bucket.measure_and_replace(&NotKeyed::NonKey, f)
    }
}

type Limiter = governor::RateLimiter<Client, Buckets, DefaultClock, StateInformationMiddleware>;

/// Every client's budget.
pub struct RateLimiter {
    limiter: Limiter,
    per_minute: u32,
}

/// A client's budget after a request was charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// The bucket's size: the budget per minute.
    pub maximum: u32,
    /// What is left in it now.
    pub available: u32,
    /// Seconds until it is full again.
    pub full_in_secs: u64,
}

/// A request refused because its client's budget cannot pay for it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttled {
    /// The bucket's size.
    pub maximum: u32,
    /// Seconds until the request could be paid for; `None` if it never can (it costs
    /// more than the whole bucket).
    pub retry_after_secs: Option<u64>,
    /// What the request costs.
    pub cost: u64,
}

impl RateLimiter {
    /// Budgets of `per_minute` for every client.
    pub fn new(per_minute: NonZeroU32) -> Self {
        let buckets = Buckets(Cache::new(MAX_CLIENTS));
        let limiter: Limiter = governor::RateLimiter::new(
            Quota::per_minute(per_minute),
            buckets,
            DefaultClock::default(),
        );
        Self {
            limiter,
            per_minute: per_minute.get(),
        }
    }

    /// The budget per minute.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Charges `cost` (at least 1) to `client`.
    pub fn charge(&self, client: Client, cost: u64) -> Result<Throttle, Throttled> {
        let cells =
            NonZeroU32::new(cost.clamp(1, u64::from(u32::MAX)) as u32).unwrap_or(NonZeroU32::MIN);
        match self.limiter.check_key_n(&client, cells) {
            Ok(Ok(snapshot)) => {
                let available = snapshot.remaining_burst_capacity();
                let missing = u64::from(self.per_minute.saturating_sub(available));
                Ok(Throttle {
                    maximum: self.per_minute,
                    available,
                    full_in_secs: (missing * 60).div_ceil(u64::from(self.per_minute)),
                })
            }
            Ok(Err(not_until)) => {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                Err(Throttled {
                    maximum: self.per_minute,
                    retry_after_secs: Some(seconds(wait)),
                    cost,
                })
            }
            Err(_) => Err(Throttled {
                maximum: self.per_minute,
                retry_after_secs: None,
                cost,
            }),
        }
    }
}

fn seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

impl Throttled {
    /// What the client reads.
    pub fn message(&self) -> String {
        match self.retry_after_secs {
            Some(secs) => format!(
                "this client spent its budget of {} cost a minute (--rate-limit-cost-per-minute); this request costs {}: retry in {secs} s",
                self.maximum, self.cost
            ),
            None => format!(
                "this request costs {}, more than the whole budget of {} cost a minute (--rate-limit-cost-per-minute); ask for fewer items or fields",
                self.cost, self.maximum
            ),
        }
    }
}

/// One request's charge to one client: the executor asks it once the request's cost
/// is known, and it remembers the outcome for the response's headers.
pub struct ClientCharge<'a> {
    limiter: &'a RateLimiter,
    client: Client,
    outcome: Cell<Option<Result<Throttle, Throttled>>>,
}

impl<'a> ClientCharge<'a> {
    /// A charge to `client`, not made yet.
    pub fn new(limiter: &'a RateLimiter, client: Client) -> Self {
        Self {
            limiter,
            client,
            outcome: Cell::new(None),
        }
    }

    /// Charges `cost` now (for an answer from the cache, which the executor never sees).
    pub fn charge(&self, cost: u64) -> Result<Throttle, Throttled> {
        let outcome = self.limiter.charge(self.client, cost);
        self.outcome.set(Some(outcome.clone()));
        outcome
    }

    /// How the charge went, once made.
    pub fn outcome(&self) -> Option<Result<Throttle, Throttled>> {
        let outcome = self.outcome.take();
        self.outcome.set(outcome.clone());
        outcome
    }

    /// The budget per minute.
    pub fn per_minute(&self) -> u32 {
        self.limiter.per_minute()
    }
}

impl CostGate for ClientCharge<'_> {
    fn admit(&self, requested: u64) -> Result<(), RequestError> {
        self.charge(requested)
            .map(|_| ())
            .map_err(|throttled| RequestError::new(ErrorCode::RateLimited, throttled.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_spends_its_budget_and_another_keeps_its_own() {
        let limiter = RateLimiter::new(NonZeroU32::new(100).unwrap());
        let (one, two) = (
            Client::new("10.0.0.1".parse().unwrap()),
            Client::new("10.0.0.2".parse().unwrap()),
        );
        let first = limiter.charge(one, 60).unwrap();
        assert_eq!((first.maximum, first.available), (100, 40));
        let refused = limiter.charge(one, 60).unwrap_err();
        assert!(
            refused
                .retry_after_secs
                .is_some_and(|s| (1..=13).contains(&s)),
            "{refused:?}"
        );
        assert_eq!(limiter.charge(two, 60).unwrap().available, 40);
        let never = limiter.charge(two, 101).unwrap_err();
        assert_eq!(never.retry_after_secs, None);
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let a = Client::new("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = Client::new("2001:db8:1:2:bbbb::2".parse().unwrap());
        let c = Client::new("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            Client::new("::ffff:10.0.0.1".parse().unwrap()),
            Client::new("10.0.0.1".parse().unwrap())
        );
    }
}
