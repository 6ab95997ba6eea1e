//! The rule for names and other free text a request sends (workspace names, API key names, tag
//! keys and values): trimmed of white space and invisible characters, no control or
//! text-direction characters, and a length in characters after trimming. [`check`] applies it;
//! [`pattern`] is the same rule as a regular expression, for the OpenAPI document.

/// Unicode White_Space, which `char::is_whitespace` tests and `str::trim` removes.
pub const WHITE_SPACE: &[(char, char)] = &[
    ('\u{0009}', '\u{000D}'),
    ('\u{0020}', '\u{0020}'),
    ('\u{0085}', '\u{0085}'),
    ('\u{00A0}', '\u{00A0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200A}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202F}', '\u{202F}'),
    ('\u{205F}', '\u{205F}'),
    ('\u{3000}', '\u{3000}'),
];

/// Control characters (Unicode Cc: NUL, CR, LF, tab, ...), which `char::is_control` tests.
pub const CONTROLS: &[(char, char)] = &[('\u{0000}', '\u{001F}'), ('\u{007F}', '\u{009F}')];

/// Characters that change the direction of the text around them (embeddings, overrides,
/// isolates, marks): a name with one can display as something it is not.
pub const BIDI_CONTROLS: &[(char, char)] = &[
    ('\u{061C}', '\u{061C}'),
    ('\u{200E}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2066}', '\u{2069}'),
];

/// Characters that show nothing, besides white space: zero-width and joiner characters,
/// fillers, variation selectors, the soft hyphen.
pub const INVISIBLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180E}'),
    ('\u{200B}', '\u{200D}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
];

/// Variation selectors: invisible, but at the end of a text they shape the character before
/// them (`❤` and `❤️`), so trimming keeps them there.
pub const VARIATION_SELECTORS: &[(char, char)] = &[('\u{180B}', '\u{180D}'), ('\u{FE00}', '\u{FE0F}')];

fn within(c: char, ranges: &[(char, char)]) -> bool {
    ranges.iter().any(|&(first, last)| (first..=last).contains(&c))
}

pub fn is_bidi_control(c: char) -> bool {
    within(c, BIDI_CONTROLS)
}

/// White space or another character that shows nothing.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || within(c, INVISIBLE)
}

/// What trimming removes at the end of a text: invisible characters but variation selectors.
fn trimmed_at_end(c: char) -> bool {
    is_invisible(c) && !within(c, VARIATION_SELECTORS)
}

/// `text` without the white space and invisible characters around it (a variation selector at
/// the end stays: it belongs to the character before it).
pub fn trim(text: &str) -> &str {
    text.trim_start_matches(is_invisible).trim_end_matches(trimmed_at_end)
}

/// Why a text breaks the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    /// It holds this control or text-direction character (after trimming).
    Control(char),
    /// It is this many characters long after trimming, outside the bounds.
    Length(usize),
}

/// The text trimmed, when it holds no control or text-direction character and is `min..=max`
/// characters long.
pub fn check(text: &str, min: usize, max: usize) -> Result<&str, TextError> {
    let trimmed = trim(text);
    if let Some(c) = trimmed.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
        return Err(TextError::Control(c));
    }
    let length = trimmed.chars().count();
    if length < min || length > max {
        return Err(TextError::Length(length));
    }
    Ok(trimmed)
}

/// A regular-expression class of `ranges` (or, `negated`, of every character but them), with
/// `\uXXXX` escapes, which ECMA-262, Python's `re` and Rust's `regex` read alike.
fn class(ranges: &[&[(char, char)]], negated: bool) -> String {
    let mut class = String::from(if negated { "[^" } else { "[" });
    for &(first, last) in ranges.iter().copied().flatten() {
        class.push_str(&format!("\\u{:04X}", first as u32));
        if last != first {
            class.push_str(&format!("-\\u{:04X}", last as u32));
        }
    }
    class.push(']');
    class
}

/// The invisible characters trimming removes at the end: [`INVISIBLE`] without the variation
/// selectors.
fn invisible_at_end() -> Vec<(char, char)> {
    let mut ranges = Vec::new();
    for &(first, last) in INVISIBLE {
        let mut start = first as u32;
        for c in first as u32..=last as u32 {
            let c = char::from_u32(c).expect("BMP characters");
            if within(c, VARIATION_SELECTORS) {
                if start < c as u32 {
                    ranges.push((char::from_u32(start).unwrap(), char::from_u32(c as u32 - 1).unwrap()));
                }
                start = c as u32 + 1;
            }
        }
        if start <= last as u32 {
            ranges.push((char::from_u32(start).unwrap(), last));
        }
    }
    ranges
}

/// A regular expression (anchored, for an OpenAPI `pattern`) that matches exactly the texts
/// [`check`]`(text, min, max)` accepts, `min` being 0 or 1 and `max` at least 2.
/// `forbidden_prefix` (ASCII, compared case-insensitively) may not begin the trimmed text.
pub fn pattern(min: usize, max: usize, forbidden_prefix: Option<&str>) -> String {
    assert!(min <= 1 && max >= 2, "pattern({min}, {max})");
    let at_end = invisible_at_end();
    let lead = class(&[WHITE_SPACE, INVISIBLE], false);
    let trail = class(&[WHITE_SPACE, &at_end], false);
    let first = class(&[WHITE_SPACE, INVISIBLE, CONTROLS, BIDI_CONTROLS], true);
    let inner = class(&[CONTROLS, BIDI_CONTROLS], true);
    let last = class(&[WHITE_SPACE, &at_end, CONTROLS, BIDI_CONTROLS], true);
    let refused = forbidden_prefix.map_or(String::new(), |prefix| {
        let letters: String = prefix
            .chars()
            .map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase()))
            .collect();
        format!("(?!{letters})")
    });
    let mut core = format!("{refused}{first}(?:{inner}{{0,{}}}{last})?", max - 2);
    if min == 0 {
        core = format!("(?:{core})?");
    }
    format!("^{lead}*{core}{trail}*$")
}

/// Whether `email` is a plausible address: one `@`, a non-empty local part, a dotted domain, no
/// white space or control characters (around it neither), at most
/// [`EMAIL_MAX_CHARS`](crate::limits::EMAIL_MAX_CHARS) characters. Deliverability is the mail
/// system's business.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.chars().count() <= crate::limits::EMAIL_MAX_CHARS
        && !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// A regular expression for an OpenAPI `pattern` that matches exactly the texts
/// [`is_valid_email`] accepts, but for the length (a `maxLength` says it).
pub fn email_pattern() -> String {
    let bare = |extra: &str| {
        let not = class(&[WHITE_SPACE, CONTROLS], true);
        format!("[^{extra}{}", &not[2..])
    };
    let local = bare("@");
    let label = bare("@.");
    format!("^{local}+@{label}+(?:\\.{label}+)+$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_what_std_tests() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(within(c, WHITE_SPACE), c.is_whitespace(), "{:04X}", c as u32);
            assert_eq!(within(c, CONTROLS), c.is_control(), "{:04X}", c as u32);
        }
        assert!(VARIATION_SELECTORS
            .iter()
            .all(|&(first, last)| within(first, INVISIBLE) && within(last, INVISIBLE)));
    }

    #[test]
    fn trimming_keeps_a_variation_selector_at_the_end() {
        assert_eq!(trim("  \u{200B}Team\u{3000} "), "Team");
        assert_eq!(trim("\u{FE0F}love \u{2764}\u{FE0F}\u{200B} "), "love \u{2764}\u{FE0F}");
        assert_eq!(trim("\u{200B}\u{FEFF}\u{FE0F}"), "");
        assert_eq!(check("\u{200B}", 1, 40), Err(TextError::Length(0)));
        assert_eq!(check("tab\tinside", 1, 40), Err(TextError::Control('\t')));
        assert_eq!(check("evil\u{202E}txt", 1, 40), Err(TextError::Control('\u{202E}')));
        assert_eq!(check(" padded ", 1, 40), Ok("padded"));
        assert_eq!(check(&"x".repeat(41), 1, 40), Err(TextError::Length(41)));
        assert_eq!(check("   ", 0, 256), Ok(""));
    }

    #[test]
    fn the_pattern_reads_as_the_rule() {
        let pattern = pattern(1, 40, Some("ab"));
        assert!(pattern.starts_with("^[\\u0009-\\u000D\\u0020"), "{pattern}");
        assert!(pattern.contains("(?![Aa][Bb])"), "{pattern}");
        assert!(pattern.contains("{0,38}"), "{pattern}");
        assert_eq!(
            invisible_at_end()
                .iter()
                .filter(|(first, _)| *first == '\u{180E}')
                .count(),
            1
        );
        assert!(!invisible_at_end()
            .iter()
            .any(|&(first, last)| (first..=last).contains(&'\u{FE0F}')));
    }

    /// Every text of up to four characters drawn from a set of each kind (visible, white space,
    /// invisible, variation selector, control, text-direction, wide), against `check`.
    #[test]
    fn the_pattern_matches_exactly_what_check_accepts() {
        let kinds = [
            'a',
            '\u{2764}',
            '\u{1F468}',
            ' ',
            '\t',
            '\u{3000}',
            '\u{200B}',
            '\u{FE0F}',
            '\u{180E}',
            '\u{0}',
            '\u{85}',
            '\u{202E}',
            '\u{FEFF}',
        ];
        for (min, max) in [(1, 3), (0, 3), (1, 2)] {
            let regex = regex::Regex::new(&pattern(min, max, None)).unwrap();
            let mut level = vec![String::new()];
            let mut texts = level.clone();
            for _ in 0..4 {
                level = level
                    .iter()
                    .flat_map(|text| kinds.iter().map(move |c| format!("{text}{c}")))
                    .collect();
                texts.extend(level.iter().cloned());
            }
            for text in &texts {
                assert_eq!(
                    regex.is_match(text),
                    check(text, min, max).is_ok(),
                    "{text:?} with {min}..={max}"
                );
            }
        }
        let names = regex::Regex::new(&pattern(1, 40, None)).unwrap();
        for (text, ok) in [
            ("x".repeat(40), true),
            ("x".repeat(41), false),
            (format!("  {}  ", "x".repeat(40)), true),
            ("\u{1F468}".repeat(40), true),
        ] {
            assert_eq!(names.is_match(&text), ok, "{text:?}");
            assert_eq!(check(&text, 1, 40).is_ok(), ok, "{text:?}");
        }
    }

    #[test]
    fn the_email_pattern_matches_what_the_check_accepts() {
        for good in [
            "a@b.co",
            "first.last+tag@sub.example.org",
            "\u{DC}n\u{EF}code@ex\u{E4}mple.de",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "", "plain", "@b.co", "a@", "a@b", "a@@b.co", "a b@c.de", "a@b..co", "a@.co", " a@b.co",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
        let regex = regex::Regex::new(&email_pattern()).unwrap();
        let kinds = ['a', '@', '.', ' ', '\t', '\u{E9}', '\u{3000}', '\u{0}'];
        let mut level = vec![String::new()];
        let mut texts = level.clone();
        for _ in 0..6 {
            level = level
                .iter()
                .flat_map(|text| kinds.iter().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        for text in &texts {
            assert_eq!(regex.is_match(text), is_valid_email(text), "{text:?}");
        }
    }
}
