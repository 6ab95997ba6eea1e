//! The API client against the real reference server that scripts/test-console.sh starts on
//! loopback with a fresh demo organization.

use crate::common::*;
use admin_console::api::{ApiError, Client, ErrorType};
use wasm_bindgen_test::*;

/// `ORGANIZATION_NAME` in server/src/demo.rs.
const DEMO_ORGANIZATION: &str = "Northwind Analytics";

#[wasm_bindgen_test]
async fn the_admin_key_reads_the_demo_organization() {
    let organization = test_server().await.admin_client().organization().await.unwrap();
    assert_eq!(organization.name, DEMO_ORGANIZATION);
    assert!(!organization.id.is_empty());
}

#[wasm_bindgen_test]
async fn the_read_only_key_reads_the_same_organization() {
    let server = test_server().await;
    let read_only = server.read_only_client().organization().await.unwrap();
    let admin = server.admin_client().organization().await.unwrap();
    assert_eq!(read_only, admin);
}

#[wasm_bindgen_test]
async fn a_wrong_key_is_a_401_with_a_request_id() {
    let server = test_server().await;
    let wrong = format!("{}x", server.admin_key);
    let Err(ApiError::Http(error)) = server.client_with_key(&wrong).organization().await else {
        panic!("a wrong key was not refused with an HTTP error");
    };
    assert_eq!(error.status, 401);
    assert_eq!(error.error_type, Some(ErrorType::Authentication));
    let request_id = error.request_id.expect("a request id");
    assert!(request_id.starts_with("req_"), "request id {request_id:?}");
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error() {
    let server = test_server().await;
    let client = Client::new(&server.unreachable_base_url, &server.admin_key);
    match client.organization().await {
        Err(ApiError::Network(_)) => {}
        Err(other) => panic!("expected a network error, got {other:?}"),
        Ok(organization) => panic!("a closed port answered with {organization:?}"),
    }
}
