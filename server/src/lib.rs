//! The reference Admin API server: the contract in `shared/admin-api.md` over axum and SQLite.

pub mod app;
pub mod auth;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod faults;
pub mod ids;
pub mod known_params;
pub mod openapi;
pub mod pagination;
pub mod pricing;
pub mod proxy;
pub mod ratelimit;
pub mod routes;
pub mod serve;
