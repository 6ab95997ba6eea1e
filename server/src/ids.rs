//! Object ids: a prefix and 24 base58 characters, ordered by creation time.
//!
//! The 128-bit value is `milliseconds << 86 | sequence`, where the sequence starts at a random
//! point every millisecond and only ever grows within one process, so ids sort in creation order
//! and never collide. Base58 digits are in ASCII order, so the fixed-width text sorts like the number.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

pub use admin_wire::ids::{is_well_formed, API_KEY, ID_LEN, INVITE, REQUEST, USER, WORKSPACE};

const ALPHABET: &[u8; 58] = admin_wire::ids::BASE58;

pub const ADMIN_KEY: &str = "adminkey_";

static LAST: Mutex<u128> = Mutex::new(0);

/// A new id for `prefix`, greater than every id this process made before. Rows back-dated by demo
/// data still get ids of now: list order is the order rows were created in this database.
pub fn new_id(prefix: &str) -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let random = u128::from(rand::random::<u64>() >> 4); // leaves room to count up within a millisecond
    let candidate = (millis << 86) | random;
    let value = {
        let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let next = if candidate > *last { candidate } else { *last + 1 };
        *last = next;
        next
    };
    format!("{prefix}{}", encode(value))
}

/// `value` as 24 base58 characters (ordered like the number).
pub fn encode(mut value: u128) -> String {
    let mut out = [ALPHABET[0]; ID_LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(value % 58) as usize];
        value /= 58;
    }
    String::from_utf8(out.to_vec()).expect("base58 alphabet is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_well_formed_and_increasing() {
        let ids: Vec<String> = (0..1000).map(|_| new_id(USER)).collect();
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
        }
        assert!(ids.iter().all(|id| is_well_formed(id, USER)));
    }

    #[test]
    fn malformed_ids_are_refused() {
        assert!(!is_well_formed(&new_id(WORKSPACE), USER));
        assert!(
            !is_well_formed("user_0OIl0OIl0OIl0OIl0OIl0OIl", USER),
            "0, O, I and l are not base58"
        );
        assert!(!is_well_formed("user_abc", USER));
    }
}
