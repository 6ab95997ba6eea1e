//! `serve --dist DIR`: the console's static files with SPA fallback, and `/config.json`.
mod common;

use common::*;

const INDEX: &str = "<!doctype html><html><body>INDEX-MARKER</body></html>";
const SCRIPT: &str = "console.log('SCRIPT-MARKER');";
const STYLE: &str = "body { color: #123456; } /* STYLE-MARKER */";

async fn with_dist() -> (TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("dist dir");
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dist.path().join("app.js"), SCRIPT).unwrap();
    std::fs::create_dir(dist.path().join("assets")).unwrap();
    std::fs::write(dist.path().join("assets/site.css"), STYLE).unwrap();
    let s = TestServer::start_with(ServeOptions {
        dist: Some(dist.path().to_path_buf()),
        ..Default::default()
    })
    .await;
    (s, dist)
}

async fn get(s: &TestServer, path: &str) -> Resp {
    send(s.http().get(s.url(path))).await
}

fn expect_file(r: &Resp, body: &str, content_type: &str) {
    assert_eq!(r.status, 200, "{}: {} {}", r.label, r.status, r.text);
    assert_eq!(r.text, body, "{}", r.label);
    let ct = r.must_header("content-type");
    assert!(
        ct.starts_with(content_type),
        "{}: content-type {ct:?}, expected {content_type}",
        r.label
    );
}

#[tokio::test]
async fn dist_files_are_served() {
    let (s, _dist) = with_dist().await;
    expect_file(&get(&s, "/").await, INDEX, "text/html");
    expect_file(&get(&s, "/index.html").await, INDEX, "text/html");
    let js = get(&s, "/app.js").await;
    assert_eq!(js.status, 200);
    assert_eq!(js.text, SCRIPT);
    let ct = js.must_header("content-type");
    assert!(ct.contains("javascript"), "content-type {ct:?}");
    expect_file(&get(&s, "/assets/site.css").await, STYLE, "text/css");
}

#[tokio::test]
async fn unknown_non_api_paths_fall_back_to_index_html() {
    let (s, _dist) = with_dist().await;
    for path in [
        "/workspaces",
        "/workspaces/wrkspc_abc/members",
        "/login?next=%2Fusers",
        "/users/",
    ] {
        expect_file(&get(&s, path).await, INDEX, "text/html");
    }
}

#[tokio::test]
async fn api_paths_are_not_swallowed_by_the_fallback() {
    let (s, _dist) = with_dist().await;
    let api = s.api();
    assert_eq!(api.get("/me").await.ok()["type"], "organization");
    for path in ["/v1/organizations/nope", "/v1/nope"] {
        api.get(path).await.expect_error(404, "not_found_error");
    }
    api.get(&format!("/users/{}", unknown_id("user_")))
        .await
        .expect_error(404, "not_found_error");
    s.anon().get("/users").await.expect_error(401, "authentication_error");
    let doc = send(s.http().get(s.url("/openapi.json"))).await.ok();
    assert!(doc["paths"].is_object());
}

#[tokio::test]
async fn config_json_names_a_default_base_url() {
    let (s, _dist) = with_dist().await;
    let config = get(&s, "/config.json").await.ok();
    let base = config["default_base_url"]
        .as_str()
        .unwrap_or_else(|| panic!("default_base_url must be a string: {config}"));
    assert!(
        base.is_empty() || base.starts_with("http://") || base.starts_with("https://") || base.starts_with('/'),
        "default_base_url {base:?}"
    );
}
