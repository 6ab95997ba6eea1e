//! The Admin API's JSON, read and written with the browser's own `JSON.parse` and
//! `JSON.stringify`.
//!
//! Why not serde: its code is generated anew for every model and every list of models, and it
//! weighed about 45 KB of the console's WebAssembly. Here each model reads its fields through one
//! small, shared set of functions ([`Decode`]).

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

/// A JSON value parsed by the browser, read field by field.
#[derive(Clone, Debug)]
pub struct Json(JsValue);

/// Why a body is not what the contract describes, naming the field: "missing field `name`".
pub type DecodeError = String;

/// A model that can be read from JSON.
pub trait Decode: Sized + 'static {
    fn decode(json: &Json) -> Result<Self, DecodeError>;
}

impl Decode for Json {
    /// Kept as it is, unread (e.g. items that are only counted).
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(json.clone())
    }
}

impl Json {
    /// Parses a body.
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        JSON::parse(text)
            .map(Json)
            .map_err(|_| "the body is not JSON".to_owned())
    }

    /// Parses a body and reads it as `T`.
    pub fn decode<T: Decode>(text: &str) -> Result<T, DecodeError> {
        T::decode(&Self::parse(text)?)
    }

    /// The field `key` of an object; `None` when it is absent or null, or this is no object.
    pub fn field(&self, key: &str) -> Option<Json> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return None;
        }
        let value = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(Json(value))
    }

    /// A string field that may be absent or null.
    pub fn opt_string(&self, key: &str) -> Result<Option<String>, DecodeError> {
        self.field(key)
            .map(|v| v.0.as_string().ok_or_else(|| wrong_type(key, "a string")))
            .transpose()
    }

    /// A string field that must be there.
    pub fn string(&self, key: &str) -> Result<String, DecodeError> {
        self.opt_string(key)?.ok_or_else(|| missing(key))
    }

    /// A boolean field that must be there.
    pub fn bool(&self, key: &str) -> Result<bool, DecodeError> {
        let value = self.field(key).ok_or_else(|| missing(key))?;
        value.0.as_bool().ok_or_else(|| wrong_type(key, "true or false"))
    }

    /// An object field that must be there, read as `T`.
    pub fn object<T: Decode>(&self, key: &str) -> Result<T, DecodeError> {
        let value = self.field(key).ok_or_else(|| missing(key))?;
        T::decode(&value).map_err(|e| format!("{key}: {e}"))
    }

    /// An array field that must be there, each item read as `T`.
    pub fn array<T: Decode>(&self, key: &str) -> Result<Vec<T>, DecodeError> {
        let value = self.field(key).ok_or_else(|| missing(key))?;
        if !Array::is_array(&value.0) {
            return Err(wrong_type(key, "an array"));
        }
        let items = Array::from(&value.0);
        let mut decoded = Vec::with_capacity(items.length() as usize);
        for (index, item) in items.iter().enumerate() {
            decoded.push(T::decode(&Json(item)).map_err(|e| format!("{key}[{index}]: {e}"))?);
        }
        Ok(decoded)
    }
}

fn missing(key: &str) -> DecodeError {
    format!("missing field `{key}`")
}

fn wrong_type(key: &str, expected: &str) -> DecodeError {
    format!("field `{key}` is not {expected}")
}

/// A JSON object under construction, for request bodies: `{"role":"developer"}`.
pub struct JsonObject(Object);

impl JsonObject {
    pub fn new() -> Self {
        Self(Object::new())
    }

    /// Adds a string field.
    pub fn with(self, key: &str, value: &str) -> Self {
        // Setting a property on a plain object we just made cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &JsValue::from_str(value));
        self
    }

    /// Adds a string field when there is a value; leaves the key out otherwise.
    pub fn with_some(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.with(key, value),
            None => self,
        }
    }

    /// The object as JSON text.
    pub fn to_text(&self) -> String {
        JSON::stringify(&self.0).map(String::from).unwrap_or_default()
    }
}

impl Default for JsonObject {
    fn default() -> Self {
        Self::new()
    }
}
