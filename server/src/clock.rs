//! Time as the database keeps it (integer microseconds since the epoch, UTC) and as the API shows it.

use time::{format_description::well_known::Rfc3339, OffsetDateTime};

pub const MICROS_PER_DAY: i64 = 86_400_000_000;

/// A point in time as a column holds it: microseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, sqlx::Type, serde::Deserialize)]
#[sqlx(transparent)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// As the API shows it ([`format_micros`]).
    pub fn to_wire(self) -> String {
        format_micros(self.0)
    }
}

/// Microseconds since the Unix epoch, now.
pub fn now_micros() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000) as i64
}

/// RFC 3339 UTC with exactly six fractional digits, e.g. `2024-10-30T23:58:27.427722Z`.
pub fn format_micros(micros: i64) -> String {
    let at =
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let seconds = at
        .replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_default();
    // `seconds` ends in `Z`; put the fraction before it.
    format!("{}.{:06}Z", seconds.trim_end_matches('Z'), at.microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_six_fractional_digits() {
        assert_eq!(format_micros(1_730_332_707_427_722), "2024-10-30T23:58:27.427722Z");
        assert_eq!(format_micros(1_730_332_707_000_000), "2024-10-30T23:58:27.000000Z");
        assert_eq!(format_micros(0), "1970-01-01T00:00:00.000000Z");
    }
}
