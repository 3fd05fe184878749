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

use crate::graphql::{Charge, CostGate, CHARACTERS_PER_READ_COST};

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
    /// What was refused: reading a new document, or running the request.
    pub charge: Charge,
    /// The budget as it stands, when it is known (it is not for a charge larger than
    /// the whole bucket, which is refused without looking at the bucket).
    pub budget: Option<Throttle>,
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

    /// Charges `charge` (at least 1) to `client`.
    pub fn charge(&self, client: Client, charge: Charge) -> Result<Throttle, Throttled> {
        let cost = charge.cost();
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
                    charge,
                    budget: Some(self.budget_before(u64::from(cells.get()), wait)),
                })
            }
            Err(_) => Err(Throttled {
                maximum: self.per_minute,
                retry_after_secs: None,
                charge,
                budget: None,
            }),
        }
    }
}

impl RateLimiter {
    /// The budget of a client that must wait `wait` before it can pay `cells`. The
    /// bucket refills one cell every `t` (a minute over the budget): in governor's GCRA,
    /// `cells` are payable once the bucket's theoretical arrival time is within
    /// `t × (maximum − cells)` of now, so the bucket is full `wait + t × (maximum −
    /// cells)` from now, and holds `maximum − ⌈that / t⌉` cells now.
    fn budget_before(&self, cells: u64, wait: Duration) -> Throttle {
        let maximum = u64::from(self.per_minute);
        let cell = 60_000_000_000u128 / u128::from(maximum);
        let full_in = wait.as_nanos() + cell * u128::from(maximum.saturating_sub(cells));
        let missing = full_in.div_ceil(cell.max(1));
        Throttle {
            maximum: self.per_minute,
            available: maximum.saturating_sub(missing as u64) as u32,
            full_in_secs: seconds(Duration::from_nanos(full_in as u64)),
        }
    }
}

fn seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

impl Throttled {
    /// What the client reads.
    pub fn message(&self) -> String {
        let what = match self.charge {
            Charge::Read(cost) => format!(
                "reading this request's new document costs {cost} (1 per {} characters)",
                CHARACTERS_PER_READ_COST
            ),
            Charge::Run(cost) => format!("this request costs {cost}"),
        };
        match self.retry_after_secs {
            Some(secs) => format!(
                "this client spent its budget of {} cost a minute (--rate-limit-cost-per-minute); {what}: retry in {secs} s",
                self.maximum
            ),
            None => format!(
                "{what}, more than the whole budget of {} cost a minute (--rate-limit-cost-per-minute); ask for fewer items or fields",
                self.maximum
            ),
        }
    }
}

/// One request's client, charged as the executor pays its way.
pub struct ClientCharge<'a> {
    limiter: &'a RateLimiter,
    client: Client,
}

impl<'a> ClientCharge<'a> {
    /// The client `client` of `limiter`.
    pub fn new(limiter: &'a RateLimiter, client: Client) -> Self {
        Self { limiter, client }
    }

    /// Charges `charge` now.
    pub fn charge(&self, charge: Charge) -> Result<Throttle, Throttled> {
        self.limiter.charge(self.client, charge)
    }
}

impl CostGate for ClientCharge<'_> {
    type Receipt = Throttle;
    type Refusal = Throttled;

    fn charge(&self, charge: Charge) -> Result<Throttle, Throttled> {
        self.limiter.charge(self.client, charge)
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
        let first = limiter.charge(one, Charge::Run(60)).unwrap();
        assert_eq!((first.maximum, first.available), (100, 40));
        let refused = limiter.charge(one, Charge::Run(60)).unwrap_err();
        assert!(
            refused
                .retry_after_secs
                .is_some_and(|s| (1..=13).contains(&s)),
            "{refused:?}"
        );
        let budget = refused
            .budget
            .expect("a refusal that can be retried knows the budget");
        assert!((39..=40).contains(&budget.available), "{budget:?}");
        assert!((35..=36).contains(&budget.full_in_secs), "{budget:?}");
        assert_eq!(limiter.charge(two, Charge::Run(60)).unwrap().available, 40);
        let never = limiter.charge(two, Charge::Run(101)).unwrap_err();
        assert_eq!(never.retry_after_secs, None);
        assert_eq!(never.budget, None);
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
