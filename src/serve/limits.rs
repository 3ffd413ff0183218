//! The bounds that keep one reader, or one address, from taking the server: how many readers
//! at once, how fast one address may connect, and how big a window may be. Pure bookkeeping,
//! with time passed in, so each rule is tested without a network or a clock.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Widest window a session is drawn at. A client may claim 65,535 columns; ratatui would
/// allocate its buffers for every cell, so claims are cut to what a real screen shows.
pub const MAX_COLUMNS: u16 = 500;

/// Tallest window a session is drawn at (see [`MAX_COLUMNS`]).
pub const MAX_ROWS: u16 = 200;

/// Inputs (keys, pastes, resizes) waiting for a session before more are dropped: a burst of
/// pasted keys cannot grow the server's memory without bound.
pub const MAX_QUEUED_INPUTS: usize = 1024;

/// Addresses remembered by the rate limiter before the stalest are forgotten.
const MAX_TRACKED_ADDRESSES: usize = 10_000;

/// A client's window size, in the protocol's 32 bits, as a size folio draws: at least one
/// cell each way (folio says "terminal too small" below its minimum) and at most
/// [`MAX_COLUMNS`] × [`MAX_ROWS`].
#[must_use]
pub fn clamp_window(columns: u32, rows: u32) -> (u16, u16) {
    let clamp = |value: u32, max: u16| u16::try_from(value).unwrap_or(max).clamp(1, max);
    (clamp(columns, MAX_COLUMNS), clamp(rows, MAX_ROWS))
}

/// Seats for readers: a session takes one for as long as it runs, and a reader who finds none
/// is told the server is full.
#[derive(Debug, Clone)]
pub struct Slots {
    max: u32,
    used: Arc<AtomicU32>,
}

/// A taken seat, given back when dropped (however the session ends, a panic included).
#[derive(Debug)]
pub struct Slot {
    used: Arc<AtomicU32>,
}

impl Slots {
    /// `max` seats, none taken.
    #[must_use]
    pub fn new(max: u32) -> Self {
        Self {
            max,
            used: Arc::new(AtomicU32::new(0)),
        }
    }

    /// A seat, if one is free.
    #[must_use]
    pub fn take(&self) -> Option<Slot> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                (used < self.max).then_some(used + 1)
            })
            .ok()
            .map(|_| Slot {
                used: Arc::clone(&self.used),
            })
    }

    /// Seats taken now.
    #[must_use]
    pub fn in_use(&self) -> u32 {
        self.used.load(Ordering::Acquire)
    }

    /// The number of seats.
    #[must_use]
    pub fn max(&self) -> u32 {
        self.max
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.used.fetch_sub(1, Ordering::AcqRel);
    }
}

/// At most `per_minute` new connections from one address in any 60 seconds. Connections over
/// the limit are closed before the SSH handshake costs the server anything.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: usize,
    recent: HashMap<IpAddr, VecDeque<Instant>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` connections a minute from each address.
    #[must_use]
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: usize::try_from(per_minute).unwrap_or(usize::MAX).max(1),
            recent: HashMap::new(),
        }
    }

    /// Whether a connection from `address` at `now` is allowed; an allowed one is counted.
    pub fn allow(&mut self, address: IpAddr, now: Instant) -> bool {
        const WINDOW: Duration = Duration::from_mins(1);
        if self.recent.len() >= MAX_TRACKED_ADDRESSES && !self.recent.contains_key(&address) {
            self.forget_stale(now, WINDOW);
        }
        let times = self.recent.entry(address).or_default();
        while times
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            return false;
        }
        times.push_back(now);
        true
    }

    /// Drops addresses with no connection in the last window; if all are recent, the map is
    /// cleared rather than grown (a flood from many addresses resets their counts, which
    /// errs towards letting readers in).
    fn forget_stale(&mut self, now: Instant, window: Duration) {
        self.recent.retain(|_, times| {
            times
                .back()
                .is_some_and(|&t| now.saturating_duration_since(t) < window)
        });
        if self.recent.len() >= MAX_TRACKED_ADDRESSES {
            self.recent.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_sizes_are_clamped_both_ways() {
        assert_eq!(clamp_window(0, 0), (1, 1));
        assert_eq!(clamp_window(65_535, 65_535), (MAX_COLUMNS, MAX_ROWS));
        assert_eq!(clamp_window(u32::MAX, u32::MAX), (MAX_COLUMNS, MAX_ROWS));
        assert_eq!(clamp_window(120, 40), (120, 40));
    }

    #[test]
    fn slots_run_out_and_come_back_when_dropped() {
        let slots = Slots::new(2);
        let first = slots.take().expect("first");
        let second = slots.take().expect("second");
        assert!(slots.take().is_none(), "a third reader must be refused");
        assert_eq!(slots.in_use(), 2);
        drop(first);
        let third = slots.take();
        assert!(third.is_some(), "a freed seat is reused");
        drop((second, third));
        assert_eq!(slots.in_use(), 0);
    }

    #[test]
    fn an_address_over_its_rate_is_refused_until_the_minute_passes() {
        let mut limiter = RateLimiter::new(3);
        let start = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(limiter.allow(a, start));
        }
        assert!(!limiter.allow(a, start + Duration::from_secs(1)));
        assert!(limiter.allow(b, start), "another address is not affected");
        assert!(limiter.allow(a, start + Duration::from_mins(1)));
    }

    #[test]
    fn the_limiter_forgets_addresses_rather_than_grow_without_bound() {
        let mut limiter = RateLimiter::new(1);
        let start = Instant::now();
        for i in 0..(u32::try_from(MAX_TRACKED_ADDRESSES).expect("small") + 10) {
            let address = IpAddr::from(i.to_be_bytes());
            assert!(limiter.allow(address, start));
        }
        assert!(limiter.recent.len() <= MAX_TRACKED_ADDRESSES);
    }
}
