//! Objects of the Admin API, as they come over the wire.

use serde::Deserialize;

/// `GET /v1/organizations/me`: the organization the admin key belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
}
