//! The contract's ids: a prefix and 24 base58 characters, time-ordered **(decided)**. The
//! organization's id is a UUID and has no prefix.

/// The base58 alphabet, in ASCII order (no `0`, `O`, `I` or `l`).
pub const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/// Characters after the prefix: 58^24 > 2^128, so every u128 fits.
pub const ID_LEN: usize = 24;

pub const USER: &str = "user_";
pub const INVITE: &str = "invite_";
pub const WORKSPACE: &str = "wrkspc_";
pub const API_KEY: &str = "apikey_";
pub const REQUEST: &str = "req_";

/// Whether `id` is `prefix` followed by exactly [`ID_LEN`] base58 characters.
pub fn is_well_formed(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .is_some_and(|rest| rest.len() == ID_LEN && rest.bytes().all(|b| BASE58.contains(&b)))
}

/// The base58 alphabet as a regular-expression class: `[1-9A-HJ-NP-Za-km-z]`.
pub fn base58_class() -> String {
    let mut class = String::from("[");
    let mut run_start = 0;
    for i in 1..=BASE58.len() {
        if i == BASE58.len() || BASE58[i] != BASE58[i - 1] + 1 {
            let (first, last) = (BASE58[run_start] as char, BASE58[i - 1] as char);
            class.push(first);
            if last != first {
                class.push('-');
                class.push(last);
            }
            run_start = i;
        }
    }
    class.push(']');
    class
}

/// The OpenAPI `pattern` of the ids with `prefix`: `^user_[1-9A-HJ-NP-Za-km-z]{24}$`.
pub fn pattern(prefix: &str) -> String {
    format!("^{prefix}{}{{{ID_LEN}}}$", base58_class())
}

/// The `pattern` of an id with any of the contract's prefixes (a list's `first_id`, say).
pub fn any_pattern() -> String {
    let prefixes = [USER, INVITE, WORKSPACE, API_KEY].map(|prefix| prefix.trim_end_matches('_'));
    format!("^(?:{})_{}{{{ID_LEN}}}$", prefixes.join("|"), base58_class())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_is_the_alphabet() {
        assert_eq!(base58_class(), "[1-9A-HJ-NP-Za-km-z]");
        // Every ASCII character is in the class exactly when it is in the alphabet.
        let class = base58_class();
        let ranges: Vec<(u8, u8)> = class.as_bytes()[1..class.len() - 1]
            .chunks(3)
            .map(|range| (range[0], range[2]))
            .collect();
        for b in 0..128u8 {
            let in_class = ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&b));
            assert_eq!(in_class, BASE58.contains(&b), "{:?}", b as char);
        }
        assert_eq!(pattern(USER), "^user_[1-9A-HJ-NP-Za-km-z]{24}$");
    }

    #[test]
    fn well_formed_ids() {
        assert!(is_well_formed("user_11Dus9J8TFcPLRcYXCAZxsxv", USER));
        assert!(!is_well_formed("user_11Dus9J8TFcPLRcYXCAZxsxv", WORKSPACE));
        assert!(
            !is_well_formed("user_0OIl0OIl0OIl0OIl0OIl0OIl", USER),
            "0, O, I and l are not base58"
        );
        assert!(!is_well_formed("user_abc", USER));
    }
}
