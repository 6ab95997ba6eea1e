//! Reading an answer's body into a model with serde_json, with an error that names the field at
//! fault (`data[0]: missing field `email``), through serde_path_to_error.

use serde::de::DeserializeOwned;

/// Why a body is not what the contract describes, naming the field.
pub type DecodeError = String;

/// Reads a JSON body as `T`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut reader).map_err(|error| {
        let path = error.path().to_string();
        let error = error.into_inner();
        if error.is_syntax() || error.is_eof() {
            return "the body is not JSON".to_owned();
        }
        // serde_json says where in the text ("at line 1 column 42"); the path says it better.
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        if path == "." {
            message.to_owned()
        } else {
            format!("{path}: {message}")
        }
    })?;
    reader.end().map_err(|_| "the body is not JSON".to_owned())?;
    Ok(value)
}
