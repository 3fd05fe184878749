//! When a request must stop. The catalog's scans whose work grows with the data (a
//! name search over every person, a country filter, every holder of an office, every
//! term on a day) check it as they go, so a request past its time limit stops within
//! a few milliseconds of it instead of at the end of a scan of a million records.

use std::time::Instant;

/// The moment a scan must stop by, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadline(Option<Instant>);

/// A scan stopped because its deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the deadline passed")]
pub struct DeadlinePassed;

impl Deadline {
    /// No deadline: scans run to their end.
    pub const NONE: Self = Self(None);

    /// A deadline at `at`.
    pub fn at(at: Instant) -> Self {
        Self(Some(at))
    }

    /// Fails once the deadline has passed.
    pub fn check(&self) -> Result<(), DeadlinePassed> {
        match self.0 {
            Some(at) if Instant::now() >= at => Err(DeadlinePassed),
            _ => Ok(()),
        }
    }
}

/// How many items a scan handles between two looks at the clock: a look costs about
/// 20 ns, a few thousand items a few microseconds, so the check costs nothing
/// measurable and a scan overruns its deadline by microseconds at most.
pub const CHECK_EVERY: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_deadline_passes_and_none_never_does() {
        assert_eq!(Deadline::NONE.check(), Ok(()));
        let past = Deadline::at(Instant::now() - Duration::from_millis(1));
        assert_eq!(past.check(), Err(DeadlinePassed));
        let future = Deadline::at(Instant::now() + Duration::from_secs(60));
        assert_eq!(future.check(), Ok(()));
    }
}
