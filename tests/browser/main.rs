//! The console's browser tests: one wasm-bindgen test binary, run by `scripts/test-console.sh` in
//! one headless Chromium session against the reference server that script starts. One module per
//! area; the helpers they share are in `common`. Tests share one page: each starts from the
//! storage, URL and DOM it needs (see `common::clear_storage`, `common::go_to`, `common::container`).

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

mod api;
mod batch;
mod client;
mod components;
mod loading;
mod page_api_keys;
mod page_invites;
mod page_members;
mod page_overview;
mod page_reports;
mod page_workspace_members;
mod page_workspaces;
mod query_cache;
mod router;
mod routes;
mod server;
mod session;
mod sign_in;
mod workspace;
