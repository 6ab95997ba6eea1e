//! Numbers, money and dates as the reader's browser writes them, through its `Intl` (js-sys):
//! "1,234,567" or "1.234.567", "1.2M", "$1,234.56", "Dec 3" in the user's own locale, never
//! formatted by hand. Report buckets are UTC days and hours, so their dates are shown in UTC.

use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

thread_local! {
    static INTEGER: Function = number_format(&[]);
    static COMPACT: Function = number_format(&[("notation", "compact"), ("maximumFractionDigits", "1")]);
    static USD: Function = number_format(&[("style", "currency"), ("currency", "USD")]);
    static DAY: Function = date_format(&[("month", "short"), ("day", "numeric"), ("timeZone", "UTC")]);
    static DAY_WITH_YEAR: Function =
        date_format(&[("year", "numeric"), ("month", "short"), ("day", "numeric"), ("timeZone", "UTC")]);
    static HOUR: Function = date_format(&[
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
        ("timeZone", "UTC"),
    ]);
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    options
}

fn number_format(pairs: &[(&str, &str)]) -> Function {
    Intl::NumberFormat::new(&Array::new(), &options(pairs)).format()
}

fn date_format(pairs: &[(&str, &str)]) -> Function {
    Intl::DateTimeFormat::new(&Array::new(), &options(pairs)).format()
}

fn call(format: &Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// A count with the locale's grouping: "1,234,567". Exact for any `u64` (passed as a decimal
/// string, which `Intl` formats without going through a float).
pub fn integer(value: u64) -> String {
    INTEGER.with(|f| call(f, &JsValue::from_str(&value.to_string())))
}

/// A count as an axis or a card shows it: "1.2M", "350K".
pub fn compact(value: f64) -> String {
    COMPACT.with(|f| call(f, &JsValue::from_f64(value)))
}

/// An amount of US dollars given as an exact decimal string ("1234.5678"), rounded to the cent
/// by `Intl` from the string itself: "$1,234.57".
pub fn usd(dollars: &str) -> String {
    USD.with(|f| call(f, &JsValue::from_str(dollars)))
}

/// An amount of dollars for an axis, where a float is exact enough: "$1,234.56".
pub fn usd_approx(dollars: f64) -> String {
    USD.with(|f| call(f, &JsValue::from_f64(dollars)))
}

/// How a bucket's start is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// "Dec 3"
    Day,
    /// "Dec 3, 2026"
    DayWithYear,
    /// "Dec 3, 14:00"
    Hour,
}

/// A moment (ms since the epoch) as the locale writes its UTC date or hour.
pub fn utc_date(ms: f64, style: DateStyle) -> String {
    let date = JsValue::from(js_sys::Date::new(&JsValue::from_f64(ms)));
    match style {
        DateStyle::Day => DAY.with(|f| call(f, &date)),
        DateStyle::DayWithYear => DAY_WITH_YEAR.with(|f| call(f, &date)),
        DateStyle::Hour => HOUR.with(|f| call(f, &date)),
    }
}

/// A UTC day as the locale writes it, with its year: "Dec 3, 2026".
pub fn day_text(date: chrono::NaiveDate) -> String {
    let ms = date
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp_millis();
    utc_date(ms as f64, DateStyle::DayWithYear)
}
