//! Requests per minute per admin key (decided: 1,000), in fixed one-minute windows.
//! Requests without a valid key are counted per client address, which also slows key guessing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue};

pub const DEFAULT_PER_MINUTE: u32 = 1000;
const WINDOW_SECONDS: u64 = 60;

pub struct RateLimiter {
    per_minute: u32,
    /// bucket -> (window start in unix seconds, requests counted in it)
    windows: Mutex<HashMap<String, (u64, u32)>>,
}

/// The outcome of counting one request.
pub struct Decision {
    pub allowed: bool,
    limit: u32,
    remaining: u32,
    /// Unix seconds at which the window resets.
    reset: u64,
    /// Seconds until then (at least 1).
    pub retry_after: u64,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request against `bucket`.
    pub fn check(&self, bucket: &str) -> Decision {
        self.decide(bucket, true)
    }

    /// Where `bucket` stands, without counting a request (for answers given before the guard:
    /// preflights, `/openapi.json`, the console's files, refusals of the HTTP layer).
    pub fn peek(&self, bucket: &str) -> Decision {
        self.decide(bucket, false)
    }

    fn decide(&self, bucket: &str, count: bool) -> Decision {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let window = now - now % WINDOW_SECONDS;
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| *start == window); // forget finished windows
        }
        let entry = windows.entry(bucket.to_owned()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        let allowed = entry.1 < self.per_minute;
        if allowed && count {
            entry.1 += 1;
        }
        let reset = window + WINDOW_SECONDS;
        Decision {
            allowed,
            limit: self.per_minute,
            remaining: self.per_minute - entry.1,
            reset,
            retry_after: (reset - now).max(1),
        }
    }
}

/// The headers [`Decision::write_headers`] adds, for those that pass them on (CORS, the proxy).
pub const RATE_LIMIT_HEADERS: [&str; 6] = [
    "anthropic-ratelimit-requests-limit",
    "anthropic-ratelimit-requests-remaining",
    "anthropic-ratelimit-requests-reset",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
];

impl Decision {
    /// Adds the real API's `anthropic-ratelimit-requests-limit`, `-remaining` and `-reset`
    /// (RFC 3339) and the generic doc's `x-ratelimit-limit`, `-remaining` and `-reset` (unix
    /// seconds) to a response's headers.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        headers.insert("anthropic-ratelimit-requests-limit", HeaderValue::from(self.limit));
        headers.insert(
            "anthropic-ratelimit-requests-remaining",
            HeaderValue::from(self.remaining),
        );
        let reset = time::OffsetDateTime::from_unix_timestamp(self.reset as i64)
            .ok()
            .and_then(|reset| reset.format(&time::format_description::well_known::Rfc3339).ok());
        if let Some(reset) = reset.and_then(|reset| HeaderValue::from_str(&reset).ok()) {
            headers.insert("anthropic-ratelimit-requests-reset", reset);
        }
        headers.insert("x-ratelimit-limit", HeaderValue::from(self.limit));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(self.remaining));
        headers.insert("x-ratelimit-reset", HeaderValue::from(self.reset));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_bucket_and_refuses_past_the_limit() {
        let limiter = RateLimiter::new(2);
        assert!(limiter.check("a").allowed);
        let second = limiter.check("a");
        assert!(second.allowed);
        assert_eq!(second.remaining, 0);
        let third = limiter.check("a");
        assert!(!third.allowed);
        assert!(third.retry_after >= 1 && third.retry_after <= 60);
        assert!(limiter.check("b").allowed, "another key has its own budget");
    }
}
